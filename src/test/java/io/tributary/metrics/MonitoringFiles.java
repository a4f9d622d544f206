package io.tributary.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the metric names out of the shipped Prometheus rules and Grafana dashboard. */
final class MonitoringFiles {
    private static final Pattern METRIC = Pattern.compile("\\btributary_[a-z0-9_]+\\b");

    private MonitoringFiles() {}

    static List<String> alertNames(Path rules) throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode rule : rules(rules)) {
            names.add(rule.path("alert").asText());
        }
        return names;
    }

    static List<String> metricsInAlertRules(Path rules) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode rule : rules(rules)) {
            names.addAll(metrics(rule.path("expr").asText()));
        }
        return List.copyOf(names);
    }

    static List<String> metricsInDashboard(Path dashboard) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                names.addAll(metrics(target.path("expr").asText()));
            }
        }
        for (JsonNode variable : root.path("templating").path("list")) {
            names.addAll(metrics(variable.path("query").asText()));
        }
        return List.copyOf(names);
    }

    /** One query of a dashboard panel: the panel's title, its PromQL, and whether it is instant. */
    record PanelQuery(String panel, String expr, boolean instant) {}

    static List<PanelQuery> dashboardQueries(Path dashboard) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
        List<PanelQuery> queries = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(
                        new PanelQuery(
                                panel.path("title").asText(),
                                target.path("expr").asText(),
                                target.path("instant").asBoolean(false)));
            }
        }
        return queries;
    }

    static List<String> metricsIn(String expression) {
        return metrics(expression);
    }

    private static List<JsonNode> rules(Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        if (rules.isEmpty()) {
            throw new IllegalStateException(file + " has no groups[].rules[]");
        }
        return rules;
    }

    private static List<String> metrics(String expression) {
        List<String> names = new ArrayList<>();
        Matcher m = METRIC.matcher(expression);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
