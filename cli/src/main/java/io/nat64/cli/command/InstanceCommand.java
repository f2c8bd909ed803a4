package io.nat64.cli.command;

import io.nat64.cli.Nat64Command;
import io.nat64.cli.render.InstanceRender;
import io.nat64.gateway.api.EmptyRequest;
import io.nat64.gateway.api.InstanceAddRequest;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.InstanceView;
import io.nat64.gateway.api.Route;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code nat64 instance add|remove|display}: the translators the daemon runs, each with its TUN device. */
public final class InstanceCommand {
    private final Nat64Command nat64;

    private InstanceCommand(Nat64Command nat64) {
        this.nat64 = nat64;
    }

    /** The {@code instance} mode of {@code nat64}. */
    public static CommandSpec mode(Nat64Command nat64) {
        InstanceCommand c = new InstanceCommand(nat64);
        return Cmd.mode(
                        "instance",
                        "Instances: independent translators, each with its pool6, pool4, tables and TUN device.")
                .sub(Cmd.operation("add", c::add, "Create an instance and its TUN device.")
                        .positional(0, false, "NAME", "Its name (default: -i, else 'default').")
                        .requiredOption(
                                "PREFIX", "Its pool6, e.g. 64:ff9b::/96 (cannot change later).", "-6", "--pool6")
                        .option("DEV", "Its TUN device (default: nat64-NAME, cut to 15 characters).", "--tun"))
                .sub(Cmd.operation("remove", c::remove, "Remove an instance and its tables.")
                        .positional(0, false, "NAME", "Its name (default: -i, else 'default')."))
                .sub(Cmd.operation("display", c::display, "Print every instance.")
                        .tableFlags())
                .spec();
    }

    private int add(Cmd.Args a) {
        InstanceAddRequest r =
                new InstanceAddRequest(name(a), Objects.requireNonNull(a.value("--pool6")), a.value("--tun"));
        nat64.link().call(Route.INSTANCE_ADD, r, InstanceView.class);
        return 0;
    }

    private int remove(Cmd.Args a) {
        nat64.link().call(Route.INSTANCE_REMOVE, new InstanceRequest(name(a)), InstanceView.class);
        return 0;
    }

    private int display(Cmd.Args a) {
        InstanceRender.print(
                nat64.out(),
                nat64.link().list(Route.INSTANCE_DISPLAY, new EmptyRequest(), InstanceView.class),
                a.csv(),
                a.headers());
        return 0;
    }

    /** The name given as argument or with {@code -i} (both: they must agree), else {@code default}. */
    private String name(Cmd.Args a) {
        String argument = a.positional(0);
        String option = nat64.instanceOption();
        if (argument != null && option != null && !argument.equals(option)) {
            throw new ParameterException(
                    a.spec().commandLine(), "two instance names given: -i " + option + " and " + argument);
        }
        return argument != null ? argument : nat64.instance();
    }
}
