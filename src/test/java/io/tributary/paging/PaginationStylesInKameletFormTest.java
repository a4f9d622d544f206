package io.tributary.paging;

/**
 * Every pagination style again, each connector written as a route from {@code
 * kamelet:tributary-http-source} to {@code kamelet:tributary-jdbc-sink}: the same servers, the same
 * exact tables.
 */
class PaginationStylesInKameletFormTest extends PaginationStylesTest {
    PaginationStylesInKameletFormTest() {
        tributary.inKameletForm();
    }
}
