package dev.arrakis.engine.weights;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Releases a memory mapping at once through {@code sun.misc.Unsafe.invokeCleaner} (module
 * jdk.unsupported), which Java 17 offers no public API for. Where it is unavailable, the
 * mapping is left to the garbage collector.
 */
final class Unmapper {

	private static final @Nullable Object UNSAFE;

	private static final @Nullable Method INVOKE_CLEANER;

	static {
		Object unsafe = null;
		Method invokeCleaner = null;
		try {
			Class<?> type = Class.forName("sun.misc.Unsafe");
			Field field = type.getDeclaredField("theUnsafe");
			field.setAccessible(true);
			unsafe = field.get(null);
			invokeCleaner = type.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			unsafe = null;
			invokeCleaner = null;
		}
		UNSAFE = unsafe;
		INVOKE_CLEANER = invokeCleaner;
	}

	private Unmapper() {
	}

	static void unmap(MappedByteBuffer mapping) {
		if (UNSAFE == null || INVOKE_CLEANER == null) {
			return;
		}
		try {
			INVOKE_CLEANER.invoke(UNSAFE, mapping);
		}
		catch (ReflectiveOperationException ex) {
			// Left to the garbage collector, which unmaps it all the same, later.
		}
	}

}
