package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connector.PageContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;

/**
 * {@code tributary schema infer CONNECTOR [--pages N] [--write [--force]]}: fetches the connector's
 * first pages exactly as {@code preview} does ({@link PreviewCommand}: through the connector, so
 * its rate budget, masking and the sink that writes nothing all hold), takes the records as they
 * reach the sink (after the route's own steps: what the schema will map), and prints a {@link
 * SchemaProposal}. With {@code --write} it also writes {@code routes/CONNECTOR.schema.yaml}, never
 * over an existing file without {@code --force}.
 */
public final class SchemaInferCommand implements Command {
    private static final ObjectMapper JSON = io.tributary.schema.SourceJson.mapper();
    private final PrintStream out;
    private final Options options;

    public SchemaInferCommand(PrintStream out, Options options) {
        this.out = out;
        this.options = options;
    }

    @Override
    public int run(CamelContext context) throws Exception {
        String connector = options.connectors.get(0);
        Path file = Path.of(options.dir).resolve(connector + ".schema.yaml");
        if (options.write && Files.exists(file) && !options.force) {
            // before any request: a refusal should cost no quota
            System.err.println(
                    "schema infer of "
                            + connector
                            + ": "
                            + file
                            + " exists; nothing was fetched or written (--force replaces it; without"
                            + " --write the proposal is only printed)");
            return ExitCodes.BAD_USAGE;
        }
        SinkPages pages = new SinkPages();
        ServiceHelper.startService(pages);
        context.getManagementStrategy().addEventNotifier(pages);
        // camel-main decides at start-up whether anyone listens; this listener came later
        context.getCamelContextExtension().setEventNotificationApplicable(true);
        int fetched;
        try (PrintStream rows = new PrintStream(OutputStream.nullOutputStream())) {
            fetched = new PreviewCommand(rows, options).run(context);
        } finally {
            context.getManagementStrategy().removeEventNotifier(pages);
            ServiceHelper.stopService(pages);
        }
        if (fetched != ExitCodes.OK) {
            return fetched; // preview said why
        }
        SchemaProposal proposal = SchemaProposal.of(pages.records());
        if (proposal.records() == 0 || proposal.columns().isEmpty()) {
            System.err.println(
                    "schema infer of "
                            + connector
                            + ": the first "
                            + options.pages
                            + " page(s) held no records with fields; nothing to propose (is"
                            + " recordsPath right? 'tributary check' shows what the first page holds)");
            return ExitCodes.SYNC_FAILED;
        }
        String text =
                proposal.yaml(connector, pages.pages(), NewCommand.schemaRef(file.getParent()));
        out.print(text);
        if (options.write) {
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println(
                        "schema infer of "
                                + connector
                                + ": cannot write "
                                + file
                                + ": "
                                + e.getMessage());
                return ExitCodes.BAD_USAGE;
            }
            out.println("wrote " + file);
        }
        return ExitCodes.OK;
    }

    /**
     * The pages sent to a Tributary sink (the Kamelets', or the template's {@code sinkPage} step),
     * as their records: a page event only, never the end of the sync; a record read again (the same
     * JSON) counts once, as the sync's frontier would.
     */
    static final class SinkPages extends EventNotifierSupport {
        private final List<JsonNode> records = Collections.synchronizedList(new ArrayList<>());

        // a cursor that moves restarts paging at it (inclusive): its boundary records come again
        private final java.util.Set<String> seen =
                Collections.synchronizedSet(new java.util.HashSet<>());
        private volatile int pages;

        SinkPages() {
            setIgnoreCamelContextEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreStepEvents(true);
            setIgnoreExchangeCreatedEvent(true);
            setIgnoreExchangeCompletedEvent(true);
            setIgnoreExchangeFailedEvents(true);
            setIgnoreExchangeRedeliveryEvents(true);
            setIgnoreExchangeSentEvents(true);
            setIgnoreExchangeAsyncProcessingStartedEvents(true);
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeSendingEvent;
        }

        @Override
        public void notify(CamelEvent event) {
            CamelEvent.ExchangeSendingEvent sending = (CamelEvent.ExchangeSendingEvent) event;
            // the user's route's step, as written: kamelet:tributary-jdbc-sink?schema=...
            String uri =
                    sending.getEndpoint().getEndpointUri().replaceFirst("^kamelet://", "kamelet:");
            boolean sink =
                    uri.startsWith("kamelet:tributary-jdbc-sink")
                            || uri.startsWith("kamelet:tributary-file-sink")
                            || uri.contains("method=sinkPage");
            Exchange exchange = sending.getExchange();
            String kind = PageContract.read(exchange, PageContract.EVENT);
            if (!sink || kind != null && !PageContract.PAGE.equals(kind)) {
                return;
            }
            JsonNode page = records(exchange.getMessage().getBody());
            if (page != null) {
                pages++;
                page.forEach(
                        r -> {
                            if (seen.add(r.toString())) {
                                records.add(r.deepCopy());
                            }
                        });
            }
        }

        /** A page's body as a records array: a JSON array, JSON text, Maps, or CSV rows. */
        private static JsonNode records(Object body) {
            try {
                JsonNode page;
                if (body == null) {
                    return null;
                } else if (body instanceof JsonNode) {
                    page = (JsonNode) body;
                } else if (body instanceof String) {
                    page = JSON.readTree((String) body);
                } else if (body instanceof byte[]) {
                    page = JSON.readTree((byte[]) body);
                } else if (body instanceof List<?> list
                        && !list.isEmpty()
                        && list.get(0) instanceof List<?>) {
                    page = csvRows(list);
                } else {
                    page = JSON.valueToTree(body);
                }
                if (page.isObject()) {
                    return JSON.createArrayNode().add(page);
                }
                return page.isArray() ? page : null;
            } catch (IOException | IllegalArgumentException e) {
                return null; // the sink fails such a page itself, and preview says so
            }
        }

        /** CSV rows: the first row the header. */
        private static JsonNode csvRows(List<?> rows) {
            List<?> header = (List<?>) rows.get(0);
            var array = JSON.createArrayNode();
            for (Object row : rows.subList(1, rows.size())) {
                var o = JSON.createObjectNode();
                List<?> cells = (List<?>) row;
                for (int i = 0; i < header.size() && i < cells.size(); i++) {
                    o.put(
                            String.valueOf(header.get(i)),
                            cells.get(i) == null ? null : String.valueOf(cells.get(i)));
                }
                array.add(o);
            }
            return array;
        }

        List<JsonNode> records() {
            return List.copyOf(records);
        }

        int pages() {
            return pages;
        }

        @Override
        public String toString() {
            return "schema infer: the pages sent to the sink " + Map.of("pages", pages);
        }
    }
}
