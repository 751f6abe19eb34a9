package dev.arrakis.app.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The models the server keeps resident. After all beans exist, and before the web server
 * accepts requests, it loads every subfolder of {@code arrakis.models.dir} that has a
 * {@code config.json}, in name order, and records each load in {@code model_load}. A
 * folder that fails to load is logged with the reason and kept in {@link #failures()};
 * the other models load regardless. The models are closed when the context closes, after
 * graceful shutdown has let running requests finish.
 *
 * <p>
 * Thread safety: the catalogue is built once and published through a volatile field as an
 * unmodifiable value; the models themselves are immutable and shared (design rule 7).
 */
@Component
class ModelRegistry implements SmartInitializingSingleton, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ModelRegistry.class);

	private final ModelProperties properties;

	private final ModelLoadRepository loads;

	private volatile Catalogue catalogue = Catalogue.EMPTY;

	ModelRegistry(ModelProperties properties, ModelLoadRepository loads) {
		this.properties = properties;
		this.loads = loads;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.catalogue = loadAll(this.properties.directory());
	}

	/** The loaded models in name order. */
	List<LoadedModel> loaded() {
		return List.copyOf(this.catalogue.loaded().values());
	}

	/** The model folders that failed to load, by folder name, with the reason. */
	SortedMap<String, String> failures() {
		return this.catalogue.failed();
	}

	/**
	 * The loaded model of this name.
	 * @throws ModelUnavailableException if the folder exists but the model failed to load
	 * @throws UnknownModelException if there is no such model
	 */
	LoadedModel get(String name) {
		Catalogue current = this.catalogue;
		LoadedModel model = current.loaded().get(name);
		if (model != null) {
			return model;
		}
		String reason = current.failed().get(name);
		if (reason != null) {
			throw new ModelUnavailableException(name, reason);
		}
		throw new UnknownModelException(name, List.copyOf(current.loaded().keySet()));
	}

	private Catalogue loadAll(Path directory) {
		if (!Files.isDirectory(directory)) {
			logger.warn("Model directory {} does not exist; no models are loaded", directory);
			return Catalogue.EMPTY;
		}
		SortedMap<String, LoadedModel> loaded = new TreeMap<>();
		SortedMap<String, String> failed = new TreeMap<>();
		try {
			for (Path folder : modelFolders(directory)) {
				String name = folder.getFileName().toString();
				long start = System.nanoTime();
				HookedAutoModel model;
				try {
					model = HookedAutoModel.load(folder, this.properties.loadOptions());
				}
				catch (IOException | RuntimeException ex) {
					String reason = reason(ex);
					failed.put(name, reason);
					logger.warn("Model {} ({}) failed to load and is not served: {}", name, folder, reason, ex);
					continue;
				}
				loaded.put(name, record(model, (System.nanoTime() - start) / 1_000_000));
			}
		}
		catch (RuntimeException ex) {
			// Not a model's fault (the database or the directory failed): give the memory
			// back, fail startup.
			loaded.values().forEach(ModelRegistry::close);
			throw ex;
		}
		logger.info("{} model(s) resident from {}: {}{}", loaded.size(), directory, loaded.keySet(),
				failed.isEmpty() ? "" : "; failed to load: " + failed.keySet());
		return new Catalogue(Collections.unmodifiableSortedMap(loaded), Collections.unmodifiableSortedMap(failed));
	}

	/** Appends the load to {@code model_load}; closes the model if that fails. */
	private LoadedModel record(HookedAutoModel model, long millis) {
		// PostgreSQL keeps microseconds; truncating keeps the stored and the served
		// instant equal.
		Instant loadedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
		try {
			this.loads.save(new ModelLoad(model.name(), model.config().architecture(), model.parameterCount(),
					model.dtype().label(), model.device(), millis, loadedAt));
		}
		catch (RuntimeException ex) {
			model.close();
			throw ex;
		}
		logger.info("Loaded model {} ({}, {} parameters, {}, {}) in {} ms", model.name(), model.config().architecture(),
				model.parameterCount(), model.dtype().label(), model.device(), millis);
		return new LoadedModel(model, millis, loadedAt);
	}

	private static List<Path> modelFolders(Path directory) {
		try (Stream<Path> children = Files.list(directory)) {
			return children.filter((child) -> Files.isRegularFile(child.resolve("config.json"))).sorted().toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot list the model directory " + directory, ex);
		}
	}

	private static String reason(Exception ex) {
		String message = ex.getMessage();
		if (message == null || message.isBlank()) {
			return ex.getClass().getSimpleName();
		}
		// Exceptions such as NoSuchFileException carry only a path as message; the type
		// says what happened.
		return (ex instanceof ModelLoadException) ? message : ex.getClass().getSimpleName() + ": " + message;
	}

	@Override
	public void destroy() {
		Catalogue resident = this.catalogue;
		this.catalogue = Catalogue.EMPTY;
		resident.loaded().values().forEach(ModelRegistry::close);
	}

	private static void close(LoadedModel model) {
		try {
			model.model().close();
		}
		catch (RuntimeException ex) {
			logger.warn("Closing model {} failed", model.name(), ex);
		}
	}

	/**
	 * The outcome of loading the model directory: what is resident and what failed, both
	 * by name.
	 */
	private record Catalogue(SortedMap<String, LoadedModel> loaded, SortedMap<String, String> failed) {

		static final Catalogue EMPTY = new Catalogue(Collections.emptySortedMap(), Collections.emptySortedMap());

	}

}
