package dev.arrakis.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the Arrakis server: resident models behind a REST API, PostgreSQL for everything
 * that must persist.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ArrakisApplication {

	public static void main(String[] args) {
		SpringApplication.run(ArrakisApplication.class, args);
	}

}
