package io.nat64.cli.command;

import io.nat64.cli.Nat64Command;
import io.nat64.cli.render.GlobalRender;
import io.nat64.gateway.api.GlobalUpdateRequest;
import io.nat64.gateway.api.GlobalView;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.Route;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nat64 global display|update}: the instance's configuration values, with Jool's names and syntax. */
public final class GlobalCommand {
    private final Nat64Command nat64;

    private GlobalCommand(Nat64Command nat64) {
        this.nat64 = nat64;
    }

    /** The {@code global} mode of {@code nat64}. */
    public static CommandSpec mode(Nat64Command nat64) {
        GlobalCommand c = new GlobalCommand(nat64);
        return Cmd.mode("global", "The instance's globals (timeouts, filtering, session synchronisation, ...).")
                .sub(Cmd.operation("display", c::display, "Print every global and its value.")
                        .tableFlags())
                .sub(Cmd.operation(
                                "update",
                                c::update,
                                "Set one global: KEY VALUE, e.g. 'ss-enabled true' or 'udp-timeout 2:00'.")
                        .positional(0, true, "KEY", "The global's name (global display lists them).")
                        .positional(1, true, "VALUE", "Its new value, in Jool's syntax."))
                .spec();
    }

    private int display(Cmd.Args a) {
        GlobalRender.print(
                nat64.out(),
                nat64.link().list(Route.GLOBAL_DISPLAY, new InstanceRequest(nat64.instance()), GlobalView.class),
                a.csv(),
                a.headers());
        return 0;
    }

    private int update(Cmd.Args a) {
        GlobalUpdateRequest r = new GlobalUpdateRequest(
                nat64.instance(), Objects.requireNonNull(a.positional(0)), Objects.requireNonNull(a.positional(1)));
        nat64.link().call(Route.GLOBAL_UPDATE, r, GlobalView.class);
        return 0;
    }
}
