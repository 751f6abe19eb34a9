package dev.arrakis.app.models;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelDoesNotFitException;
import dev.arrakis.engine.ModelLoadException;
import org.jspecify.annotations.Nullable;
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
 * the other models load regardless. While the server runs, {@link #load} and
 * {@link #unload} add and remove models one at a time (each recorded, in
 * {@code model_load} and {@code model_unload}). The models are closed when the context
 * closes, after graceful shutdown has let running requests finish.
 *
 * <p>
 * Thread safety: the catalogue is an immutable value published through a volatile field,
 * so readers never lock; loads and unloads are serialised by one lock, build a new
 * catalogue and publish it in one write. A lock-free reader therefore sees the catalogue
 * before or after a change, never half of one, and one load at a time also keeps the
 * engine's check of free device memory meaningful. The models themselves are immutable
 * and shared (design rule 7), but an unloaded model's native weights are freed: code that
 * runs a model holds a {@link ModelLease} from {@link #acquire}, and an unloaded model is
 * closed only when its last lease closes ({@link ResidentModel}).
 */
@Component
public class ModelRegistry implements SmartInitializingSingleton, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ModelRegistry.class);

	/**
	 * A name that can only be a direct subfolder: no separators, not {@code .} or
	 * {@code ..}, not hidden.
	 */
	private static final Pattern FOLDER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

	private final ModelProperties properties;

	private final ModelLoadRepository loads;

	private final ModelUnloadRepository unloads;

	/** Held while the catalogue changes: loading, unloading, shutting down. */
	private final ReentrantLock changes = new ReentrantLock();

	private volatile Catalogue catalogue = Catalogue.EMPTY;

	ModelRegistry(ModelProperties properties, ModelLoadRepository loads, ModelUnloadRepository unloads) {
		this.properties = properties;
		this.loads = loads;
		this.unloads = unloads;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.changes.lock();
		try {
			this.catalogue = loadAll(this.properties.directory());
		}
		finally {
			this.changes.unlock();
		}
	}

	/** The loaded models in name order. */
	List<LoadedModel> loaded() {
		return this.catalogue.resident().values().stream().map(ResidentModel::loaded).toList();
	}

	/**
	 * The names of the loaded models, in name order (for features outside this package).
	 */
	public List<String> residentNames() {
		return loaded().stream().map(LoadedModel::name).toList();
	}

	/**
	 * The model folders that failed to load at startup, by folder name, with the reason.
	 */
	SortedMap<String, String> failures() {
		return this.catalogue.failed();
	}

	/**
	 * A lease on the loaded model of this name: its weights stay allocated until the
	 * lease is closed, even if the model is unloaded meanwhile.
	 * @throws ModelUnavailableException if the folder exists but the model failed to load
	 * @throws UnknownModelException if there is no such model, or it is being unloaded
	 */
	ModelLease acquire(String name) {
		Catalogue current = this.catalogue;
		ResidentModel resident = current.resident().get(name);
		if (resident != null) {
			ModelLease lease = resident.tryAcquire();
			if (lease != null) {
				return lease;
			}
			// Unloaded between reading the catalogue and leasing: as if already gone.
			current = this.catalogue;
		}
		throw notResident(name, current);
	}

	/**
	 * Runs {@code work} on the loaded model of this name, holding a lease (the weights
	 * stay allocated) until it returns.
	 * @throws ModelUnavailableException if the folder exists but the model failed to load
	 * @throws UnknownModelException if there is no such model, or it is being unloaded
	 */
	public <T> T withModel(String name, Function<HookedAutoModel, T> work) {
		try (ModelLease lease = acquire(name)) {
			return lease.compute(work);
		}
	}

	/**
	 * Loads the model folder {@code name} of the model directory and makes it resident;
	 * recorded in {@code model_load} like the loads at startup.
	 * @throws InvalidModelNameException if the name is not a plain folder name
	 * @throws ModelAlreadyLoadedException if a model of this name is resident
	 * @throws ModelFolderNotFoundException if there is no such model folder
	 * @throws InsufficientDeviceMemoryException if the device lacks the memory
	 * @throws ModelLoadFailedException if the folder is not a model the engine can load
	 */
	LoadedModel load(String name) {
		Path directory = this.properties.directory();
		Path folder = folder(directory, name);
		return loadFolder(name, folder, (current) -> {
			List<String> available = Files.isDirectory(directory) ? modelFolders(directory).stream()
				.map((path) -> path.getFileName().toString())
				.filter((folderName) -> !current.resident().containsKey(folderName))
				.toList() : List.of();
			return new ModelFolderNotFoundException(name, available);
		});
	}

	/**
	 * Loads a model by Hugging Face repository id from the Hugging Face cache, first
	 * downloading it from the hub when {@code download} is set, and serves it as
	 * {@code name} (default {@code org--name}); recorded in {@code model_load}.
	 * @throws InvalidModelNameException if the name is not a plain folder name
	 * @throws ModelAlreadyLoadedException if a model of this name is resident
	 * @throws ModelSourceNotFoundException if the cache (or hub) has no such snapshot
	 * @throws HubUnavailableException if a download is disabled or fails
	 */
	LoadedModel loadFromHuggingFace(HuggingFaceRepo repo, @Nullable String name, boolean download) {
		String served = (name != null) ? name : repo.defaultModelName();
		folder(this.properties.directory(), served);
		if (this.catalogue.resident().containsKey(served)) {
			throw new ModelAlreadyLoadedException(served);
		}
		HuggingFaceCache cache = new HuggingFaceCache(this.properties.huggingFaceCacheDirectory());
		Path snapshot;
		if (download) {
			if (this.properties.hubUrl().isBlank()) {
				throw new HubUnavailableException(
						"downloads from the Hugging Face hub are disabled (arrakis.models.hub-url is blank)", repo);
			}
			snapshot = new HubDownloader(URI.create(this.properties.hubUrl()), this.properties.hubToken(),
					Duration.ofSeconds(10))
				.download(repo, cache);
		}
		else {
			snapshot = cache.snapshot(repo);
		}
		return loadFolder(served, snapshot, (current) -> new ModelSourceNotFoundException(
				"the snapshot of %s has no config.json".formatted(repo.id()), repo, List.of()));
	}

	private LoadedModel loadFolder(String name, Path folder, Function<Catalogue, RuntimeException> notFound) {
		this.changes.lock();
		try {
			Catalogue current = this.catalogue;
			if (current.resident().containsKey(name)) {
				throw new ModelAlreadyLoadedException(name);
			}
			if (!isModelFolder(folder)) {
				throw notFound.apply(current);
			}
			long start = System.nanoTime();
			HookedAutoModel model;
			try {
				model = HookedAutoModel.load(folder, this.properties.loadOptions(), name);
			}
			catch (ModelDoesNotFitException ex) {
				logger.warn("Model {} not loaded: {}", name, ex.getMessage());
				throw new InsufficientDeviceMemoryException(name, ex);
			}
			catch (IOException | RuntimeException ex) {
				String reason = reason(ex);
				logger.warn("Model {} ({}) failed to load: {}", name, folder, reason, ex);
				throw new ModelLoadFailedException(name, reason);
			}
			LoadedModel loaded = record(model, (System.nanoTime() - start) / 1_000_000);
			this.catalogue = current.with(new ResidentModel(loaded, this.properties.concurrentRequests()));
			return loaded;
		}
		finally {
			this.changes.unlock();
		}
	}

	/**
	 * Unloads the resident model of this name: it stops being served at once (new leases
	 * are refused, it is no longer listed), the unload is recorded in
	 * {@code model_unload}, and its weights are freed as soon as no lease holds them.
	 * Waits up to {@code arrakis.models.unload-wait} for that.
	 * @return {@code true} if the weights are freed, {@code false} if leases still held
	 * them when the wait ran out (they are freed when the last closes)
	 * @throws UnknownModelException if no model of this name is resident
	 */
	boolean unload(String name) {
		ResidentModel resident;
		CompletableFuture<Void> closed;
		this.changes.lock();
		try {
			Catalogue current = this.catalogue;
			resident = current.resident().get(name);
			if (resident == null) {
				throw new UnknownModelException(name, current.names());
			}
			// Recorded first: if the database fails, nothing has changed.
			this.unloads
				.save(new ModelUnload(resident.loaded().loadId(), Instant.now().truncatedTo(ChronoUnit.MICROS)));
			this.catalogue = current.without(name);
			closed = resident.retire();
		}
		finally {
			this.changes.unlock();
		}
		boolean freed = await(closed, this.properties.unloadWait());
		if (freed) {
			logger.info("Unloaded model {}", name);
		}
		else {
			logger.info("Unloaded model {}; its weights are freed when the {} request(s) still using it end", name,
					resident.leases());
		}
		return freed;
	}

	private static boolean await(CompletableFuture<Void> closed, Duration wait) {
		try {
			closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException ex) {
			// Never completed exceptionally (ResidentModel logs a failed close and
			// completes normally).
			return true;
		}
	}

	/**
	 * The folder {@code name} directly in {@code directory}, for a name that can be
	 * nothing else.
	 */
	static Path folder(Path directory, String name) {
		if (!FOLDER_NAME.matcher(name).matches()) {
			throw new InvalidModelNameException(name);
		}
		Path folder = directory.resolve(name).normalize();
		if (!directory.equals(folder.getParent())) {
			throw new InvalidModelNameException(name);
		}
		return folder;
	}

	private static RuntimeException notResident(String name, Catalogue current) {
		String reason = current.failed().get(name);
		if (reason != null) {
			return new ModelUnavailableException(name, reason);
		}
		return new UnknownModelException(name, current.names());
	}

	private Catalogue loadAll(Path directory) {
		if (!Files.isDirectory(directory)) {
			logger.warn("Model directory {} does not exist; no models are loaded", directory);
			return Catalogue.EMPTY;
		}
		SortedMap<String, ResidentModel> loaded = new TreeMap<>();
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
				loaded.put(name, new ResidentModel(record(model, (System.nanoTime() - start) / 1_000_000),
						this.properties.concurrentRequests()));
			}
		}
		catch (RuntimeException ex) {
			// Not a model's fault (the database or the directory failed): give the memory
			// back, fail startup.
			loaded.values().forEach(ResidentModel::retire);
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
		long loadId;
		try {
			loadId = this.loads
				.save(new ModelLoad(model.name(), model.config().architecture(), model.parameterCount(),
						model.dtype().label(), model.device(), millis, loadedAt))
				.id();
		}
		catch (RuntimeException ex) {
			model.close();
			throw ex;
		}
		logger.info("Loaded model {} ({}, {} parameters, {}, {}) in {} ms", model.name(), model.config().architecture(),
				model.parameterCount(), model.dtype().label(), model.device(), millis);
		return new LoadedModel(model, loadId, millis, loadedAt);
	}

	private static boolean isModelFolder(Path folder) {
		return Files.isRegularFile(folder.resolve("config.json"));
	}

	private static List<Path> modelFolders(Path directory) {
		try (Stream<Path> children = Files.list(directory)) {
			return children.filter(ModelRegistry::isModelFolder).sorted().toList();
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

	/**
	 * Retires every model: each is closed now, or when the last request still holding a
	 * lease on it ends.
	 */
	@Override
	public void destroy() {
		this.changes.lock();
		try {
			Catalogue resident = this.catalogue;
			this.catalogue = Catalogue.EMPTY;
			resident.resident().values().forEach(ResidentModel::retire);
		}
		finally {
			this.changes.unlock();
		}
	}

	/**
	 * What is resident and what failed to load at startup, both by name; immutable, so
	 * each change builds a new one.
	 */
	private record Catalogue(SortedMap<String, ResidentModel> resident, SortedMap<String, String> failed) {

		static final Catalogue EMPTY = new Catalogue(Collections.emptySortedMap(), Collections.emptySortedMap());

		List<String> names() {
			return List.copyOf(this.resident.keySet());
		}

		/**
		 * With this model resident; a startup failure of the same name is forgotten.
		 */
		Catalogue with(ResidentModel model) {
			SortedMap<String, ResidentModel> resident = new TreeMap<>(this.resident);
			resident.put(model.loaded().name(), model);
			SortedMap<String, String> failed = new TreeMap<>(this.failed);
			failed.remove(model.loaded().name());
			return new Catalogue(Collections.unmodifiableSortedMap(resident),
					Collections.unmodifiableSortedMap(failed));
		}

		Catalogue without(String name) {
			SortedMap<String, ResidentModel> resident = new TreeMap<>(this.resident);
			resident.remove(name);
			return new Catalogue(Collections.unmodifiableSortedMap(resident), this.failed);
		}

	}

}
