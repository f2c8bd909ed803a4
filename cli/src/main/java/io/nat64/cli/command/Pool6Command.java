package io.nat64.cli.command;

import io.nat64.cli.Nat64Command;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.Pool6Request;
import io.nat64.gateway.api.Pool6View;
import io.nat64.gateway.api.Route;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nat64 pool6 add|display}: the prefix IPv4 addresses are embedded in (RFC 6052), fixed per instance. */
@Command(
        name = "pool6",
        mixinStandardHelpOptions = true,
        description = "pool6: the RFC 6052 prefix that stands for the IPv4 Internet (set by instance add).")
public final class Pool6Command {
    @ParentCommand
    @SuppressWarnings("NullAway.Init")
    private Nat64Command nat64;

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Only the prefix the instance already has is accepted: as in Jool, pool6 is given when the",
                "instance is created (nat64 instance add NAME --pool6 PREFIX) and never changes."
            })
    int add(@Parameters(paramLabel = "PREFIX6", description = "An IPv6 prefix, e.g. 64:ff9b::/96.") String prefix) {
        nat64.link().call(Route.POOL6_ADD, new Pool6Request(nat64.instance(), prefix), Pool6View.class);
        return 0;
    }

    @Command(name = "display", mixinStandardHelpOptions = true, description = "Print the instance's pool6.")
    int display(@Mixin TableFlags table) {
        Pool6View v = nat64.link().call(Route.POOL6_DISPLAY, new InstanceRequest(nat64.instance()), Pool6View.class);
        nat64.out().print((table.csv() && table.headers() ? "Prefix\n" : "") + v.prefix() + "\n");
        return 0;
    }
}
