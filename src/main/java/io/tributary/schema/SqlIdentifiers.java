package io.tributary.schema;

import java.util.regex.Pattern;

/**
 * Table and column names come from route and schema files, so they are checked against a strict
 * pattern and always quoted. Lower case only: a quoted lower-case name means the same unquoted in
 * PostgreSQL and in H2 (opened with DATABASE_TO_LOWER), so people can query tables without quotes.
 */
public final class SqlIdentifiers {
    private static final Pattern VALID = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SqlIdentifiers() {}

    public static String validate(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'"
                            + name
                            + "' is not a valid identifier: use lower-case letters, "
                            + "digits and underscores, starting with a letter or underscore, at most 63 characters");
        }
        return name;
    }

    public static String quote(String name) {
        return '"' + validate(name) + '"';
    }
}
