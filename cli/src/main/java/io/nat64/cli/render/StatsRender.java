package io.nat64.cli.render;

import io.nat64.gateway.api.StatView;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code stats display} as Jool's code prints it: {@code JSTAT_NAME: value} (with the explanation and a
 * blank line under each when {@code --explain}), or CSV {@code Stat,Value[,Explanation]}; counters at zero
 * are left out unless {@code --all}.
 */
public final class StatsRender {
    private StatsRender() {}

    /** The counters, filtered and formatted. */
    public static void print(
            PrintWriter out, List<StatView> stats, boolean all, boolean explain, boolean csv, boolean headers) {
        if (csv && headers) {
            out.print(explain ? "Stat,Value,Explanation\n" : "Stat,Value\n");
        }
        for (StatView s : stats) {
            if (!all && s.value() == 0) {
                continue;
            }
            if (csv) {
                out.print(s.name() + "," + s.value() + (explain ? ",\"" + s.description() + "\"" : "") + "\n");
            } else {
                out.print(s.name() + ": " + s.value() + "\n" + (explain ? s.description() + "\n\n" : ""));
            }
        }
    }
}
