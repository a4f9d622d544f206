package io.tributary.cli;

import io.tributary.connector.Connector;
import io.tributary.sink.DeadLetterReplay;
import java.io.PrintStream;
import org.apache.camel.CamelContext;

/**
 * {@code tributary replay CONNECTOR}: after the schema or the route was fixed, maps the connector's
 * dead letters again; records that now fit are loaded and leave the dead letters in the same
 * transaction, records still failing stay with their new reason. No route runs and the cursor
 * stays.
 */
public final class ReplayCommand implements Command {
    private final PrintStream out;
    private final Options options;

    public ReplayCommand(PrintStream out, Options options) {
        this.out = out;
        this.options = options;
    }

    @Override
    public int run(CamelContext context) {
        String name = options.connectors.get(0);
        Connector connector =
                context.getRegistry()
                        .lookupByNameAndType("tributaryConnector:" + name, Connector.class);
        if (connector == null) {
            System.err.println(
                    "tributary: connector '"
                            + name
                            + "' is not in the route files; known: "
                            + context
                                    .getRegistry()
                                    .findByTypeWithName(Connector.class)
                                    .keySet()
                                    .stream()
                                    .map(k -> k.replace("tributaryConnector:", ""))
                                    .filter(k -> !k.contains(":"))
                                    .sorted()
                                    .toList());
            return ExitCodes.BAD_USAGE;
        }
        try {
            DeadLetterReplay.Result result = connector.replay();
            out.println(
                    "connector '"
                            + name
                            + "': replayed "
                            + (result.loaded() + result.failing())
                            + " dead letter(s): "
                            + result.loaded()
                            + " loaded, "
                            + result.failing()
                            + " still failing (kept with their new reason)");
            return ExitCodes.OK;
        } catch (UnsupportedOperationException e) {
            System.err.println("tributary: connector '" + name + "': " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        }
    }
}
