package dev.arrakis.engine;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;

import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.tools.TestSequences;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardWatchTest {

	private static HookedAutoModel model;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void countsThePassesOfTheWatchedWorkOnly() {
		ForwardWatch watch = new ForwardWatch();
		long[] tokens = TestSequences.repeatedRandom(8, 1);
		watch.watch(() -> {
			for (int i = 0; i < 3; i++) {
				model.runWithCache(ModelInput.of(tokens), HookFilter.none(), null).close();
			}
			return null;
		});
		model.runWithCache(ModelInput.of(tokens), HookFilter.none(), null).close();

		assertThat(watch.passes()).isEqualTo(3);
	}

	@Test
	void keepsTheLatestPartialResultOfTheWatchedWorkOnly() {
		ForwardWatch watch = new ForwardWatch();
		ForwardWatch.reportPartial("outside any watch");
		assertThat(watch.partial()).isNull();
		List<String> seen = new java.util.ArrayList<>();
		watch.watch(() -> {
			ForwardWatch.reportPartial("row 0");
			seen.add(String.valueOf(watch.partial()));
			ForwardWatch.reportPartial("rows 0-1");
			return null;
		});
		ForwardWatch.reportPartial("after the work");

		assertThat(seen).containsExactly("row 0");
		assertThat(watch.partial()).isEqualTo("rows 0-1");
	}

	@Test
	void handsEveryReportToItsListenerOnTheWatchedThread() {
		List<String> reports = new java.util.ArrayList<>();
		Thread worker = Thread.currentThread();
		ForwardWatch watch = new ForwardWatch((partial) -> {
			assertThat(Thread.currentThread()).isSameAs(worker);
			reports.add(String.valueOf(partial));
		});
		watch.watch(() -> {
			ForwardWatch.reportPartial("row 0");
			ForwardWatch.reportPartial("rows 0-1");
			return null;
		});
		ForwardWatch.reportPartial("after the work");

		assertThat(reports).containsExactly("row 0", "rows 0-1");
		assertThat(watch.partial()).isEqualTo("rows 0-1");
	}

	@Test
	void aCancelledWatchStopsTheWorkAtItsNextPass() {
		ForwardWatch watch = new ForwardWatch();
		long[] tokens = TestSequences.repeatedRandom(8, 2);
		assertThatThrownBy(() -> watch.watch(() -> {
			for (int i = 0; i < 10; i++) {
				if (i == 4) {
					watch.cancel();
				}
				model.runWithCache(ModelInput.of(tokens), HookFilter.none(), null).close();
			}
			return null;
		})).isInstanceOf(WorkCancelledException.class).hasMessageContaining("after 4 forward passes");
		assertThat(watch.passes()).isEqualTo(4);
		// The thread is not watched any more, and the model still runs.
		model.runWithCache(ModelInput.of(tokens), HookFilter.none(), null).close();
		assertThat(watch.passes()).isEqualTo(4);
	}

}
