package dev.arrakis.app.bench;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ExperimentRunRepository extends JpaRepository<ExperimentRun, UUID> {

	List<ExperimentRun> findByVersionIdOrderByStartedAtAsc(long versionId);

	List<ExperimentRun> findByVersionIdInOrderByStartedAtAsc(List<Long> versionIds);

	List<ExperimentRun> findByStatus(RunStatus status);

	/** When the latest run of any version of the experiment started, or null. */
	@Query("""
			SELECT max(r.startedAt) FROM ExperimentRun r
			WHERE r.versionId IN (SELECT v.id FROM ExperimentVersion v WHERE v.experimentId = :experimentId)
			""")
	@Nullable Instant latestStart(@Param("experimentId") long experimentId);

}
