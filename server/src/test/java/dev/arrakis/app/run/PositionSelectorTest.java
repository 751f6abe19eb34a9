package dev.arrakis.app.run;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PositionSelectorTest {

	@Test
	void listsCountNegativePositionsFromTheEnd() {
		assertThat(PositionSelector.of(List.of(0, -1, 2)).resolve(5, "positions")).containsExactly(0, 4, 2);
	}

	@Test
	void rangesExcludeTheirEndAndMayBeOpen() {
		assertThat(PositionSelector.of(Map.of("from", 1, "to", -1)).resolve(5, "positions")).containsExactly(1, 2, 3);
		assertThat(PositionSelector.of(Map.of("from", -2)).resolve(5, "positions")).containsExactly(3, 4);
		assertThat(PositionSelector.of(Map.of("to", 2)).resolve(5, "positions")).containsExactly(0, 1);
	}

	@Test
	void badSelectorsNameTheField() {
		assertThatThrownBy(() -> PositionSelector.of(List.of(1, 5)).resolve(5, "positions"))
			.hasMessageContaining("positions[1]")
			.hasMessageContaining("length 5");
		assertThatThrownBy(() -> PositionSelector.of(List.of(1.5)).resolve(5, "positions"))
			.hasMessageContaining("positions[0] must be an integer");
		assertThatThrownBy(() -> PositionSelector.of(Map.of("start", 1)).resolve(5, "positions"))
			.hasMessageContaining("'start'");
		assertThatThrownBy(() -> PositionSelector.of(List.of()).resolve(5, "positions")).hasMessageContaining("empty");
	}

}
