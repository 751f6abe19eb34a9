package dev.arrakis.app.bench;

/**
 * Where to find an artifact.
 *
 * @param sha256 the SHA-256 of its bytes, its key
 * @param mediaType e.g. {@code application/json}, {@code image/png},
 * {@code image/svg+xml}
 * @param sizeBytes its length
 */
public record ArtifactRef(String sha256, String mediaType, long sizeBytes) {
}
