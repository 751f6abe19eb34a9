package dev.arrakis.app.bench;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface RunArtifactRepository extends JpaRepository<RunArtifact, RunArtifact.Key> {

	List<RunArtifact> findByKeyRunIdOrderByKeyNameAsc(UUID runId);

	List<RunArtifact> findByArtifactSha256(String artifactSha256);

}
