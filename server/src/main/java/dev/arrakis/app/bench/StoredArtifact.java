package dev.arrakis.app.bench;

/**
 * An artifact and its bytes.
 *
 * @param ref its key, media type and size
 * @param content its bytes
 */
public record StoredArtifact(ArtifactRef ref, byte[] content) {
}
