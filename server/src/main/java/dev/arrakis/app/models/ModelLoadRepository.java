package dev.arrakis.app.models;

import org.springframework.data.jpa.repository.JpaRepository;

/** The history of model loads; {@link ModelRegistry} appends one row per load. */
interface ModelLoadRepository extends JpaRepository<ModelLoad, Long> {

}
