package io.nat64.cli.command;

import io.nat64.cli.Nat64Command;
import io.nat64.cli.render.StatsRender;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.StatView;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nat64 stats display}: the instance's counters, with Jool's JSTAT names. */
public final class StatsCommand {
    private final Nat64Command nat64;

    private StatsCommand(Nat64Command nat64) {
        this.nat64 = nat64;
    }

    /** The {@code stats} mode of {@code nat64}. */
    public static CommandSpec mode(Nat64Command nat64) {
        StatsCommand c = new StatsCommand(nat64);
        return Cmd.mode("stats", "Counters of what the instance has done.")
                .sub(Cmd.operation("display", c::display, "Print the counters that are not zero.")
                        .flag("Print the counters at zero too.", "-a", "--all")
                        .flag("Say what each counter counts.", "-e", "--explain")
                        .tableFlags())
                .spec();
    }

    private int display(Cmd.Args a) {
        StatsRender.print(
                nat64.out(),
                nat64.link().list(Route.STATS_DISPLAY, new InstanceRequest(nat64.instance()), StatView.class),
                a.flag("--all"),
                a.flag("--explain"),
                a.csv(),
                a.headers());
        return 0;
    }
}
