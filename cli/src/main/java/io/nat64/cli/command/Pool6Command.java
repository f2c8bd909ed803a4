package io.nat64.cli.command;

import io.nat64.cli.Nat64Command;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.Pool6Request;
import io.nat64.gateway.api.Pool6View;
import io.nat64.gateway.api.Route;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nat64 pool6 add|display}: the prefix IPv4 addresses are embedded in (RFC 6052), fixed per instance. */
public final class Pool6Command {
    private final Nat64Command nat64;

    private Pool6Command(Nat64Command nat64) {
        this.nat64 = nat64;
    }

    /** The {@code pool6} mode of {@code nat64}. */
    public static CommandSpec mode(Nat64Command nat64) {
        Pool6Command c = new Pool6Command(nat64);
        return Cmd.mode("pool6", "pool6: the RFC 6052 prefix that stands for the IPv4 Internet (set by instance add).")
                .sub(Cmd.operation(
                                "add",
                                c::add,
                                "Accept the instance's own pool6 (pool6 never changes after instance add).",
                                "As in Jool, pool6 is given when the instance is created: nat64 instance add NAME"
                                        + " --pool6 PREFIX.")
                        .positional(0, true, "PREFIX6", "An IPv6 prefix, e.g. 64:ff9b::/96."))
                .sub(Cmd.operation("display", c::display, "Print the instance's pool6.")
                        .tableFlags())
                .spec();
    }

    private int add(Cmd.Args a) {
        Pool6Request r = new Pool6Request(nat64.instance(), Objects.requireNonNull(a.positional(0)));
        nat64.link().call(Route.POOL6_ADD, r, Pool6View.class);
        return 0;
    }

    private int display(Cmd.Args a) {
        Pool6View v = nat64.link().call(Route.POOL6_DISPLAY, new InstanceRequest(nat64.instance()), Pool6View.class);
        nat64.out().print((a.csv() && a.headers() ? "Prefix\n" : "") + v.prefix() + "\n");
        return 0;
    }
}
