package dev.arrakis.app.bench;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import dev.arrakis.bench.plot.PlotSpec;

/**
 * Plots of one forward pass.
 *
 * @param tokens the input, a sequence of token ids
 * @param specs the plots: type, dataKeys (hook names), title, options
 * @param width the image's width in pixels for png and svg (default 800)
 * @param height the image's height in pixels for png and svg (default 600)
 */
public record PlotsRequest(@NotNull long[] tokens, @NotEmpty List<PlotSpec> specs,
		@Nullable @Min(16) @Max(8192) Integer width, @Nullable @Min(16) @Max(8192) Integer height) {
}
