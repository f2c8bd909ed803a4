package io.nat64.cli.command;

import io.nat64.cli.Nat64Command;
import io.nat64.cli.render.StatsRender;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.StatView;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code nat64 stats display}: the instance's counters, with Jool's JSTAT names. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Counters of what the instance has done.")
public final class StatsCommand {
    @ParentCommand
    @SuppressWarnings("NullAway.Init")
    private Nat64Command nat64;

    @Command(name = "display", mixinStandardHelpOptions = true, description = "Print the counters that are not zero.")
    int display(
            @Option(
                            names = {"-a", "--all"},
                            description = "Print the counters at zero too.")
                    boolean all,
            @Option(
                            names = {"-e", "--explain"},
                            description = "Say what each counter counts.")
                    boolean explain,
            @Mixin TableFlags table) {
        List<StatView> stats =
                nat64.link().list(Route.STATS_DISPLAY, new InstanceRequest(nat64.instance()), StatView.class);
        StatsRender.print(nat64.out(), stats == null ? List.of() : stats, all, explain, table.csv(), table.headers());
        return 0;
    }
}
