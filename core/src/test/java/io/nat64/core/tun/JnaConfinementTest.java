package io.nat64.core.tun;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** JNA stays inside {@code io.nat64.core.tun} (shared/style.md, module table). */
class JnaConfinementTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nat64.core");

    @Test
    void onlyTheTunPackageTouchesJna() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.nat64.core.tun..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.sun.jna..")
                .check(CORE);
    }

    @Test
    void thePublicTunApiNamesNoJnaType() {
        for (Class<?> type : new Class<?>[] {TunDevice.class, TunException.class}) {
            for (Method m : type.getMethods()) {
                assertThat(Stream.concat(Stream.of(m.getReturnType()), Stream.of(m.getParameterTypes())))
                        .as(m.toString())
                        .noneMatch(t -> t.getName().startsWith("com.sun.jna."));
            }
            for (Field f : type.getFields()) {
                assertThat(f.getType().getName()).as(f.toString()).doesNotStartWith("com.sun.jna.");
            }
        }
    }
}
