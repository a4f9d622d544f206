package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.auth.AuthSettings;
import io.tributary.auth.Authenticators;
import io.tributary.paging.Paginations;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.junit.jupiter.api.Test;

/**
 * The declarations in {@link ConnectorParameters} are the only list: the template, the bean and the
 * auth settings follow them.
 */
class ConnectorParametersTest {

    @Test
    void everyDeclaredParameterHasAConnectorSetterAndEverySetterADeclaration() {
        Set<String> setters = new TreeSet<>();
        for (Method m : Connector.class.getMethods()) {
            if (m.getName().startsWith("set")
                    && m.getName().length() > 3
                    && m.getParameterCount() == 1
                    && m.getParameterTypes()[0] == String.class
                    && Modifier.isPublic(m.getModifiers())
                    && !m.getName().equals("set")
                    // camel-kamelet's parentRouteId, the id's default: no parameter of its own
                    && !m.getName().equals("setCallingRoute")) {
                setters.add(
                        Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }
        Set<String> declared =
                ConnectorParameters.CONNECTOR.stream()
                        .map(Parameter::property)
                        .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(declared, setters, "bean properties of Connector vs. declared parameters");
    }

    @Test
    void theTemplateDeclaresExactlyTheDeclaredParametersWithTheirDefaults() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new HttpToJdbcTemplate());
            RouteTemplateDefinition template =
                    context.getRouteTemplateDefinition(HttpToJdbcTemplate.ID);
            Map<String, String> registered = new LinkedHashMap<>();
            for (RouteTemplateParameterDefinition p : template.getTemplateParameters()) {
                registered.put(p.getName(), p.getDefaultValue());
            }
            Map<String, String> declared = new LinkedHashMap<>();
            for (Parameter p : ConnectorParameters.HTTP_TO_JDBC) {
                declared.put(
                        p.name(),
                        p.required() ? null : p.defaultValue() == null ? "" : p.defaultValue());
            }

            assertEquals(declared, registered);
            assertTrue(
                    template.getTemplateParameters().stream()
                            .allMatch(
                                    p ->
                                            p.getDescription() != null
                                                    && !p.getDescription().isBlank()
                                                    && !p.getDescription().contains("`")),
                    "every parameter has a plain description");
        }
    }

    @Test
    void theAuthGroupIsWhatAuthSettingsAcceptsAndItsSecretsAreTheSecrets() throws Exception {
        List<String> auth =
                ConnectorParameters.in(Parameter.Group.AUTH).stream().map(Parameter::name).toList();
        var field = AuthSettings.class.getDeclaredField("SECRET_PARAMETERS");
        field.setAccessible(true);
        Set<String> secrets = new TreeSet<>((List<String>) field.get(null));

        assertEquals(AuthSettings.PARAMETERS, auth);
        assertEquals(
                secrets,
                ConnectorParameters.HTTP_TO_JDBC.stream()
                        .filter(Parameter::secret)
                        .map(Parameter::name)
                        .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void theEnumsOfPaginationAndAuthAreTheNamesTheirFactoriesKnow() {
        assertEquals(
                Paginations.NAMES, ConnectorParameters.named("pagination").orElseThrow().allowed());
        assertEquals(
                Authenticators.NAMES, ConnectorParameters.named("auth").orElseThrow().allowed());
    }

    @Test
    void everyDefaultAndEveryExamplePassesItsOwnParametersCheck() {
        for (Parameter p : ConnectorParameters.HTTP_TO_JDBC) {
            if (p.defaultValue() != null) {
                assertNull(
                        ParameterChecks.problem(p, p.defaultValue()),
                        p.name() + " default " + p.defaultValue());
            }
            p.examples().stream()
                    .filter(e -> !e.contains("{{"))
                    .forEach(
                            e ->
                                    assertNull(
                                            ParameterChecks.problem(p, e),
                                            p.name() + " example " + e));
            assertEquals(
                    p.type() == Parameter.Type.ENUM,
                    !p.allowed().isEmpty(),
                    p.name() + ": an enum lists its values");
            assertFalse(p.description().isBlank(), p.name() + " is described");
        }
    }

    @Test
    void everyRuleNamesDeclaredParameters() {
        // a name in braces is a placeholder of the request template's parameters
        java.util.function.Predicate<String> declared =
                n ->
                        RequestTemplate.isPlaceholderName(n)
                                ? RequestTemplate.PLACES.stream()
                                        .allMatch(p -> ConnectorParameters.named(p).isPresent())
                                : ConnectorParameters.named(n).isPresent();
        for (ParameterRule rule : ConnectorParameters.RULES) {
            assertTrue(declared.test(rule.parameter()), rule.toString());
            rule.others().forEach(o -> assertTrue(declared.test(o), rule.toString()));
        }
    }

    @Test
    void connectorWritesNoDefaultOfItsOwn() throws Exception {
        String source =
                Files.readString(Path.of("src/main/java/io/tributary/connector/Connector.java"));
        for (String literal :
                List.of(
                        "\"page-number\"",
                        "\"page_size\"",
                        "\"/id\"",
                        "\"10000\"",
                        "\"ascending\"",
                        "\"upsert\"",
                        "\"PT1H\"",
                        "\"5%\"")) {
            assertFalse(
                    source.contains(literal),
                    "Connector.java repeats the default "
                            + literal
                            + "; it belongs in ConnectorParameters");
        }
    }
}
