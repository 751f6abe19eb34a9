package dev.arrakis.bench.diff;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class JsonDiffTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	@Test
	void equalDocumentsHaveNoDifferenceWhateverTheirKeyOrder() {
		DiffReport report = JsonDiff.diff(json("{\"a\": 1, \"b\": [1.5, {\"c\": \"x\"}]}"),
				json("{\"b\": [1.5, {\"c\": \"x\"}], \"a\": 1.0}"), Tolerance.EXACT);

		assertThat(report.equal()).isTrue();
		assertThat(report.differenceCount()).isZero();
		assertThat(report.numbersCompared()).isEqualTo(2);
	}

	@Test
	void everyAddedRemovedAndChangedValueIsReportedWithItsPath() {
		DiffReport report = JsonDiff.diff(json("{\"a\": 1, \"gone\": true, \"list\": [1, 2, 3], \"s\": \"x\"}"),
				json("{\"a\": 2, \"new\": null, \"list\": [1, 2], \"s\": \"y\"}"), Tolerance.EXACT);

		assertThat(report.equal()).isFalse();
		assertThat(report.differences()).extracting(Difference::path, Difference::kind)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", Difference.Kind.CHANGED),
					org.assertj.core.groups.Tuple.tuple("gone", Difference.Kind.REMOVED),
					org.assertj.core.groups.Tuple.tuple("new", Difference.Kind.ADDED),
					org.assertj.core.groups.Tuple.tuple("list[2]", Difference.Kind.REMOVED),
					org.assertj.core.groups.Tuple.tuple("s", Difference.Kind.CHANGED));
		assertThat(report.maxAbsoluteDifference()).isEqualTo(1.0);
	}

	@Test
	void numbersWithinTheToleranceAreEqualAndBeyondItAreNot() {
		JsonNode left = json("{\"x\": [1.0, 100.0, 0.0]}");
		JsonNode right = json("{\"x\": [1.0000001, 100.001, 0.002]}");

		assertThat(JsonDiff.diff(left, right, new Tolerance(1e-6, 1e-5)).differences()).extracting(Difference::path)
			.containsExactly("x[2]");
		assertThat(JsonDiff.diff(left, right, new Tolerance(0.01, 0)).equal()).isTrue();
		assertThat(JsonDiff.diff(left, right, Tolerance.EXACT).differenceCount()).isEqualTo(3);
		assertThat(JsonDiff.diff(left, right, Tolerance.EXACT).maxAbsoluteDifference()).isCloseTo(0.002, within(1e-12));
	}

	@Test
	void allDifferencesAreCountedButOnlyTheLimitIsListed() {
		StringBuilder left = new StringBuilder("[");
		StringBuilder right = new StringBuilder("[");
		for (int i = 0; i < 500; i++) {
			left.append(i == 0 ? "" : ",").append(i);
			right.append(i == 0 ? "" : ",").append(i + 1);
		}
		DiffReport report = JsonDiff.diff(json(left + "]"), json(right + "]"), Tolerance.EXACT, 10);

		assertThat(report.differenceCount()).isEqualTo(500);
		assertThat(report.differences()).hasSize(10);
		assertThat(report.differences().get(9).path()).isEqualTo("[9]");
	}

	@Test
	void aTypeChangeIsAChange() {
		DiffReport report = JsonDiff.diff(json("{\"a\": [1]}"), json("{\"a\": {\"0\": 1}}"), Tolerance.EXACT);

		assertThat(report.differences()).singleElement().satisfies((difference) -> {
			assertThat(difference.path()).isEqualTo("a");
			assertThat(difference.kind()).isEqualTo(Difference.Kind.CHANGED);
		});
	}

	@Test
	void aNegativeToleranceOrLimitIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Tolerance(-1, 0)).withMessageContaining(">= 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new Tolerance(0, Double.NaN))
			.withMessageContaining("finite");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonDiff.diff(json("1"), json("1"), Tolerance.EXACT, -1))
			.withMessageContaining("limit");
	}

}
