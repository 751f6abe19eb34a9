package dev.arrakis.bench.plot;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.tools.TestSequences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every plot type renders headless to a PNG of the requested size and to well-formed SVG
 * of the requested size that carries its title as text.
 */
class PlotRendererTest {

	private static final long[] TOKENS = TestSequences.repeatedRandom(12, 4);

	/** One spec of every type. */
	static final List<PlotSpec> EVERY_TYPE = List.of(PlotSpec.of("attention", "blocks.1.attn.hook_pattern"),
			PlotSpec.of("induction_heads", "blocks.1.attn.hook_pattern"),
			PlotSpec.of("neuron_activation", "blocks.0.mlp.hook_post"),
			PlotSpec.of("neuron_activation_trajectories", "blocks.1.mlp.hook_post"),
			PlotSpec.of("qk_dot_product", "blocks.0.attn.hook_attn_scores").with("head", 1),
			PlotSpec.of("attention_stats"), PlotSpec.of("residual_stream"), PlotSpec.of("layer_norms"),
			PlotSpec.of("logit_lens"), PlotSpec.of("residual_decomposition"));

	private static HookedAutoModel model;

	@BeforeAll
	static void load() {
		model = PlotTestModels.tinyInduction();
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void theSpecsCoverEveryType() {
		assertThat(EVERY_TYPE).extracting(PlotSpec::type).containsExactlyInAnyOrderElementsOf(Plots.TYPES.keySet());
	}

	@Test
	void everyTypeRendersPngAndSvgOfTheRequestedSize() throws Exception {
		List<PlotData> plots = Plots.data(model, TOKENS, EVERY_TYPE);
		for (PlotData data : plots) {
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(PlotRenderer.png(data, 640, 480)));
			assertThat(image).as(data.type()).isNotNull();
			assertThat(image.getWidth()).as(data.type()).isEqualTo(640);
			assertThat(image.getHeight()).as(data.type()).isEqualTo(480);
			assertThat(distinctColours(image)).as("%s draws something", data.type()).isGreaterThan(10);

			String svg = PlotRenderer.svg(data, 800, 500);
			Element root = parse(svg).getDocumentElement();
			assertThat(root.getLocalName()).isEqualTo("svg");
			assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
			assertThat(pixels(root.getAttribute("width"))).as(data.type()).isEqualTo(800);
			assertThat(pixels(root.getAttribute("height"))).as(data.type()).isEqualTo(500);
			assertThat(root.getTextContent()).as(data.type()).contains(data.title());
		}
	}

	@Test
	void headlessIsOnAndAHeatmapWithoutValuesStillRenders() throws IOException {
		PlotData empty = PlotData.heatmap("attention", "Nothing", "x", "y", "v", new PlotData.Heatmap("Nothing",
				List.of("0"), List.of("0"), new Float[][] { { null } }, null, PlotData.Heatmap.SEQUENTIAL));
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(PlotRenderer.png(empty, 100, 80)));
		assertThat(image.getWidth()).isEqualTo(100);
		assertThat(java.awt.GraphicsEnvironment.isHeadless()).isTrue();
	}

	@Test
	void sizesOutsideTheLimitsAreRejected() {
		PlotData data = Plots.data(model, TOKENS, PlotSpec.of("residual_stream"));
		assertThatThrownBy(() -> PlotRenderer.png(data, 0, 100)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("width = 0");
		assertThatThrownBy(() -> PlotRenderer.svg(data, 100, 100_000)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("height = 100000");
		PlotData unknownKind = new PlotData("x", "pie", "t", "x", "y", "v", List.of(), List.of(), List.of(), List.of(),
				Map.of());
		assertThatThrownBy(() -> PlotRenderer.png(unknownKind, 10, 10)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("pie");
	}

	private static Document parse(String svg) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
	}

	private static int pixels(String length) {
		return (int) Double.parseDouble(length.replace("px", ""));
	}

	private static int distinctColours(BufferedImage image) {
		java.util.Set<Integer> colours = new java.util.HashSet<>();
		for (int x = 0; x < image.getWidth(); x += 3) {
			for (int y = 0; y < image.getHeight(); y += 3) {
				colours.add(image.getRGB(x, y));
			}
		}
		return colours.size();
	}

}
