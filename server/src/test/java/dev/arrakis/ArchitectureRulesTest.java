package dev.arrakis;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Package rules from the design (rules 2, 12, 15, 19, 23): the core (everything outside
 * {@code dev.arrakis.app}, today the engine) is plain Java, usable without Spring or a
 * database, and never reaches into the Spring shell; engine components never see a model
 * family; every package is null-marked.
 */
class ArchitectureRulesTest {

	private static final JavaClasses production = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.arrakis");

	@Test
	void onlyTheAppPackagesUseSpringOrJpa() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackage("dev.arrakis.app..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta.persistence..")
			.because("the engine, tools and bench are plain Java libraries; Spring and JPA stay in the app shell");
		rule.check(production);
	}

	@Test
	void theCoreNeverDependsOnTheApp() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackage("dev.arrakis.app..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.arrakis.app..")
			.because("the app is built on the core, never the other way round");
		rule.check(production);
	}

	@Test
	void componentsNeverSeeAModelFamily() {
		ArchRule rule = noClasses().that()
			.resideInAPackage("dev.arrakis.engine.components..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.arrakis.engine.arch..")
			.because("family differences are config values; family names live only in engine.arch (design rule 2)");
		rule.check(production);
	}

	@Test
	void everyPackageIsNullMarked() {
		Set<String> packages = production.stream()
			.map(JavaClass::getPackageName)
			.collect(Collectors.toCollection(TreeSet::new));

		assertThat(packages).contains("dev.arrakis.app", "dev.arrakis.app.models", "dev.arrakis.app.web",
				"dev.arrakis.engine", "dev.arrakis.engine.components", "dev.arrakis.engine.arch");
		assertThat(packages).allSatisfy((name) -> assertThat(packageInfo(name).isAnnotationPresent(NullMarked.class))
			.as("%s/package-info.java is @NullMarked", name.replace('.', '/'))
			.isTrue());
	}

	private static Class<?> packageInfo(String packageName) {
		try {
			return Class.forName(packageName + ".package-info");
		}
		catch (ClassNotFoundException ex) {
			throw new AssertionError(packageName.replace('.', '/') + " has no package-info.java", ex);
		}
	}

}
