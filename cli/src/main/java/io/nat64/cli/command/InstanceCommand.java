package io.nat64.cli.command;

import io.nat64.cli.Nat64Command;
import io.nat64.cli.render.InstanceRender;
import io.nat64.gateway.api.EmptyRequest;
import io.nat64.gateway.api.InstanceAddRequest;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.InstanceView;
import io.nat64.gateway.api.Route;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nat64 instance add|remove|display}: the translators the daemon runs, each with its TUN device. */
@Command(
        name = "instance",
        mixinStandardHelpOptions = true,
        description = "Instances: independent translators, each with its pool6, pool4, tables and TUN device.")
public final class InstanceCommand {
    @ParentCommand
    @SuppressWarnings("NullAway.Init")
    private Nat64Command nat64;

    @Spec
    @SuppressWarnings("NullAway.Init")
    private CommandSpec spec;

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an instance and its TUN device.")
    int add(
            @Parameters(arity = "0..1", paramLabel = "NAME", description = "Its name (default: -i, else 'default').")
                    @Nullable
                    String name,
            @Option(
                            names = {"-6", "--pool6"},
                            required = true,
                            paramLabel = "PREFIX",
                            description = "Its pool6, e.g. 64:ff9b::/96 (cannot change later).")
                    String pool6,
            @Option(
                            names = "--tun",
                            paramLabel = "DEV",
                            description = "Its TUN device (default: nat64-NAME, cut to 15 characters).")
                    @Nullable
                    String tun) {
        nat64.link().call(Route.INSTANCE_ADD, new InstanceAddRequest(name(name), pool6, tun), InstanceView.class);
        return 0;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an instance and its tables.")
    int remove(
            @Parameters(arity = "0..1", paramLabel = "NAME", description = "Its name (default: -i, else 'default').")
                    @Nullable
                    String name) {
        nat64.link().call(Route.INSTANCE_REMOVE, new InstanceRequest(name(name)), InstanceView.class);
        return 0;
    }

    @Command(name = "display", mixinStandardHelpOptions = true, description = "Print every instance.")
    int display(@Mixin TableFlags table) {
        List<InstanceView> instances =
                nat64.link().list(Route.INSTANCE_DISPLAY, new EmptyRequest(), InstanceView.class);
        InstanceRender.print(nat64.out(), instances == null ? List.of() : instances, table.csv(), table.headers());
        return 0;
    }

    /** The name given as argument or with {@code -i} (both: they must agree), else {@code default}. */
    private String name(@Nullable String argument) {
        String option = nat64.instanceOption();
        if (argument != null && option != null && !argument.equals(option)) {
            throw new ParameterException(
                    spec.commandLine(), "two instance names given: -i " + option + " and " + argument);
        }
        return argument != null ? argument : nat64.instance();
    }
}
