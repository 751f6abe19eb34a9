package dev.arrakis.app.bench;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentVersionRepository extends JpaRepository<ExperimentVersion, Long> {

	Optional<ExperimentVersion> findByExperimentIdAndSha256(long experimentId, String sha256);

	List<ExperimentVersion> findByExperimentIdOrderByIdAsc(long experimentId);

	long countByExperimentId(long experimentId);

}
