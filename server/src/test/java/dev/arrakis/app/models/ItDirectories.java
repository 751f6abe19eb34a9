package dev.arrakis.app.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch folders for integration tests under {@code target/it/}: emptied when a test
 * class asks for one, so every run starts from a fresh PostgreSQL cluster, and removed by
 * {@code mvn clean}. Not {@code @TempDir}: the embedded PostgreSQL outlives the test
 * class (Spring caches the context until the JVM exits), and its directory must outlive
 * it too.
 */
public final class ItDirectories {

	private ItDirectories() {
	}

	public static Path fresh(String name) {
		Path directory = Path.of(System.getProperty("basedir", "."), "target", "it", name).toAbsolutePath().normalize();
		try {
			if (Files.exists(directory)) {
				try (Stream<Path> tree = Files.walk(directory)) {
					for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
						Files.delete(path);
					}
				}
			}
			return Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
