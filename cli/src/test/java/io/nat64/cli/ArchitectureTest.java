package io.nat64.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CLI's boundaries (shared/style.md), and what keeps its start-up short, as build failures. */
class ArchitectureTest {
    private static JavaClasses cli;

    @BeforeAll
    static void importCli() {
        cli = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.nat64.cli");
    }

    @Test
    void noJnaAndNoNettyDirectly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.sun.jna..", "io.netty..")
                .check(cli);
    }

    @Test
    void commandsStartNoEventLoop() {
        noClasses()
                .that()
                .resideInAnyPackage("io.nat64.cli.command..", "io.nat64.cli.render..", "io.nat64.cli.resolve..")
                .or()
                .haveSimpleNameStartingWith("GatewayLink")
                .or()
                .haveSimpleName("Main")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("reactor..", "io.rsocket.core..", "io.rsocket.transport..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.nat64.gateway.GatewayClient")
                .check(cli);
    }
}
