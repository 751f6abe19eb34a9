package dev.arrakis.app.bench;

import org.jspecify.annotations.Nullable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ArtifactRepository extends JpaRepository<Artifact, String> {

	/**
	 * Stores an artifact unless one with its hash exists (then the bytes are the same):
	 * concurrent writers of the same content both succeed.
	 */
	@Modifying
	@Query(value = """
			INSERT INTO artifact (sha256, media_type, size_bytes, content, in_file)
			VALUES (:sha256, :mediaType, :sizeBytes, :content, :inFile)
			ON CONFLICT (sha256) DO NOTHING
			""", nativeQuery = true)
	void insertIfAbsent(@Param("sha256") String sha256, @Param("mediaType") String mediaType,
			@Param("sizeBytes") long sizeBytes, @Param("content") byte @Nullable [] content,
			@Param("inFile") boolean inFile);

}
