package dev.arrakis.app.streaming;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Registers the activation stream at {@code /ws/v1/activations} (a plain WebSocket
 * handler, no STOMP). Authentication happens before the handshake, in the security filter
 * chain ({@code Authorization: Bearer} or {@code ?access_token=}). Browsers may connect
 * from the server's own origin only (Spring's default).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(StreamingProperties.class)
class StreamingConfiguration implements WebSocketConfigurer {

	static final String PATH = "/ws/v1/activations";

	private final ActivationStreamHandler handler;

	StreamingConfiguration(ActivationStreamHandler handler) {
		this.handler = handler;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(this.handler, PATH);
	}

	/** Lets run requests with long token lists in (the container's default is 8 KiB). */
	@Bean
	ServletServerContainerFactoryBean webSocketContainer(StreamingProperties properties) {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(Math.toIntExact(properties.maxRequestBytes().toBytes()));
		return container;
	}

}
