package dev.arrakis.app.jobs;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobRepository extends JpaRepository<Job, UUID> {

	List<Job> findByOwnerOrderBySubmittedAtDesc(String owner, Limit limit);

	List<Job> findByStatusIn(Collection<JobStatus> statuses);

}
