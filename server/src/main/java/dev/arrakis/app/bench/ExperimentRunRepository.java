package dev.arrakis.app.bench;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentRunRepository extends JpaRepository<ExperimentRun, UUID> {

	List<ExperimentRun> findByVersionIdOrderByStartedAtAsc(long versionId);

	List<ExperimentRun> findByVersionIdInOrderByStartedAtAsc(List<Long> versionIds);

	List<ExperimentRun> findByStatus(RunStatus status);

}
