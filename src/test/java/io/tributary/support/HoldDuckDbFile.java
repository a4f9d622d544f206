package io.tributary.support;

import java.sql.Connection;
import java.sql.DriverManager;

/** A second process for tests: opens the DuckDB file named by its argument and keeps it open. */
public final class HoldDuckDbFile {
    private HoldDuckDbFile() {}

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0])) {
            System.out.println("held");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE); // until the test kills this process
        }
    }
}
