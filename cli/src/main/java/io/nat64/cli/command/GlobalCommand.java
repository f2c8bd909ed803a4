package io.nat64.cli.command;

import io.nat64.cli.Nat64Command;
import io.nat64.cli.render.GlobalRender;
import io.nat64.gateway.api.GlobalUpdateRequest;
import io.nat64.gateway.api.GlobalView;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.Route;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nat64 global display|update}: the instance's configuration values, with Jool's names and syntax. */
@Command(
        name = "global",
        mixinStandardHelpOptions = true,
        description = "The instance's globals (timeouts, filtering, session synchronisation, ...).")
public final class GlobalCommand {
    @ParentCommand
    @SuppressWarnings("NullAway.Init")
    private Nat64Command nat64;

    @Command(name = "display", mixinStandardHelpOptions = true, description = "Print every global and its value.")
    int display(@Mixin TableFlags table) {
        List<GlobalView> globals =
                nat64.link().list(Route.GLOBAL_DISPLAY, new InstanceRequest(nat64.instance()), GlobalView.class);
        GlobalRender.print(nat64.out(), globals == null ? List.of() : globals, table.csv(), table.headers());
        return 0;
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = "Set one global: KEY VALUE, e.g. 'ss-enabled true' or 'udp-timeout 2:00'.")
    int update(
            @Parameters(index = "0", paramLabel = "KEY", description = "The global's name (global display lists them).")
                    String key,
            @Parameters(index = "1", paramLabel = "VALUE", description = "Its new value, in Jool's syntax.")
                    String value) {
        nat64.link().call(Route.GLOBAL_UPDATE, new GlobalUpdateRequest(nat64.instance(), key, value), GlobalView.class);
        return 0;
    }
}
