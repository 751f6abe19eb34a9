package dev.arrakis.engine.hooks;

import ai.djl.ndarray.NDArray;

/**
 * A caller's function at a hook point: reads the activation and returns it, or a
 * replacement of the same shape. Arrays it creates belong to the call's scope and are
 * freed with it.
 */
@FunctionalInterface
public interface HookFn {

	NDArray apply(NDArray activation, HookName name);

}
