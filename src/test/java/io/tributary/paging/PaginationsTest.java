package io.tributary.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.ConnectorConfigException;
import io.tributary.http.PageRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaginationsTest {

    @Test
    void createsPageNumberPaginationByName() {
        assertInstanceOf(
                PageNumberPagination.class,
                Paginations.create(
                        "weather", "page-number", "page", "page_size", 100, 1, "/total_pages"));
    }

    @Test
    void createsASinglePageWhenTheStyleIsNoneOrUnset() {
        assertInstanceOf(
                SinglePage.class, Paginations.create("weather", "none", null, null, 100, 1, null));
        assertInstanceOf(
                SinglePage.class, Paginations.create("weather", null, null, null, 100, 1, null));
    }

    @Test
    void rejectsAnUnknownStyleNamingTheParameterAndValue() {
        ConnectorConfigException e =
                assertThrows(
                        ConnectorConfigException.class,
                        () ->
                                Paginations.create(
                                        "weather", "cursor-token", "page", null, 100, 1, null));
        assertTrue(e.getMessage().contains("'weather'"), e.getMessage());
        assertTrue(e.getMessage().contains("'pagination'"), e.getMessage());
        assertTrue(e.getMessage().contains("'cursor-token'"), e.getMessage());
        assertTrue(e.getMessage().contains("page-number"), e.getMessage());
    }

    @Test
    void requiresAPageParameterForPageNumberPagination() {
        ConnectorConfigException e =
                assertThrows(
                        ConnectorConfigException.class,
                        () ->
                                Paginations.create(
                                        "weather", "page-number", " ", null, 100, 1, null));
        assertTrue(e.getMessage().contains("'pageParam'"), e.getMessage());
    }

    @Test
    void aSinglePageAddsNoParametersAndNeverAsksForMore() {
        Pagination.Pager pager = new SinglePage().begin();
        PageRequest request = new PageRequest();
        pager.applyTo(request);
        assertTrue(request.query().isEmpty());
        assertFalse(
                pager.advance(
                        new PageResponse(new ObjectMapper().createObjectNode(), Map.of(), 1000)));
        assertEquals("single page", pager.position());
    }
}
