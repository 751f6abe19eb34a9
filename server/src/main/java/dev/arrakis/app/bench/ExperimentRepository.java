package dev.arrakis.app.bench;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentRepository extends JpaRepository<Experiment, Long> {

	Optional<Experiment> findByOwnerAndName(String owner, String name);

	List<Experiment> findByOwnerOrderByNameAsc(String owner);

	List<Experiment> findAllByOrderByOwnerAscNameAsc();

}
