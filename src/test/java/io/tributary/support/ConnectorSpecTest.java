package io.tributary.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connector builder spells parameters as the declaration does, or fails at once. */
class ConnectorSpecTest {
    @Test
    void typedMethodsSetTheDeclaredNames() {
        ConnectorSpec spec =
                ConnectorSpec.named("items")
                        .url("http://127.0.0.1:1/items")
                        .recordsPath("/items")
                        .table("items")
                        .pageSize(100)
                        .cursorInclusive(false)
                        .with("cursorFormat", "epoch-seconds");
        assertEquals("items", spec.name());
        assertEquals(
                Map.of(
                        "url", "http://127.0.0.1:1/items",
                        "recordsPath", "/items",
                        "table", "items",
                        "pageSize", "100",
                        "cursorInclusive", "false",
                        "cursorFormat", "epoch-seconds"),
                spec.parameters());
    }

    @Test
    void anUndeclaredNameFailsNamingTheClosest() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ConnectorSpec.named("items").with("pagesize", "3"));
        assertTrue(e.getMessage().contains("'pagesize'"), e.getMessage());
        assertTrue(e.getMessage().contains("closest: 'pageSize'"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ConnectorSpec.named("items").with("cursorParm", "since", "x", "y"));
    }

    @Test
    void aCopyUnderAnotherNameKeepsTheParameters() {
        ConnectorSpec a = ConnectorSpec.named("a").table("t");
        ConnectorSpec b = a.as("b").without("table").schema("s.yaml");
        assertEquals(Map.of("table", "t"), a.parameters());
        assertEquals(Map.of("schema", "s.yaml"), b.parameters());
    }

    @Test
    void everyTypedMethodSetsADeclaredName() throws Exception {
        int typed = 0;
        for (java.lang.reflect.Method m : ConnectorSpec.class.getDeclaredMethods()) {
            boolean oneValue =
                    m.getParameterCount() == 1
                            && m.getReturnType() == ConnectorSpec.class
                            && java.lang.reflect.Modifier.isPublic(m.getModifiers())
                            && !java.lang.reflect.Modifier.isStatic(m.getModifiers());
            Class<?> type = oneValue ? m.getParameterTypes()[0] : null;
            if (type != String.class && type != int.class && type != boolean.class
                    || m.getName().equals("as")
                    || m.getName().equals("without")) {
                continue;
            }
            Object value = type == String.class ? "v" : type == int.class ? (Object) 1 : true;
            ConnectorSpec spec = (ConnectorSpec) m.invoke(ConnectorSpec.named("c"), value);
            assertEquals(
                    Map.of(m.getName(), String.valueOf(value)),
                    spec.parameters(),
                    m.getName() + " sets the parameter of its own name");
            typed++;
        }
        assertTrue(typed >= 60, typed + " typed methods");
    }
}
