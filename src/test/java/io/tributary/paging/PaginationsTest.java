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

    static PagingSettings templated(String tokenParam, String nextPath, String totalPagesPath) {
        return new PagingSettings(
                "page",
                "page_size",
                100,
                1,
                totalPagesPath,
                "offset",
                null,
                nextPath,
                tokenParam,
                null,
                null,
                "/id",
                null,
                true);
    }

    @Test
    void aPageNumberTheTemplateCarriesGoesInNoQueryAndCountsTextualTotals() throws Exception {
        Pagination.Pager pager =
                Paginations.create(
                                "workday",
                                "page-number",
                                templated(null, null, "/Envelope/Body/R/Total_Pages"))
                        .begin();
        PageRequest first = new PageRequest();
        pager.applyTo(first);
        var envelope =
                new ObjectMapper()
                        .readTree("{\"Envelope\":{\"Body\":{\"R\":{\"Total_Pages\":\"2\"}}}}");

        assertEquals(Map.of(), first.query());
        assertEquals(1, pager.pageNumber());
        assertTrue(pager.advance(new PageResponse(envelope, Map.of(), 3)), "page 1 of \"2\"");
        assertEquals(2, pager.pageNumber());
        assertFalse(pager.advance(new PageResponse(envelope, Map.of(), 3)), "page 2 of \"2\"");
    }

    @Test
    void aTokenTheTemplateCarriesNeedsNoTokenParamAndGoesInNoQuery() throws Exception {
        Pagination.Pager pager =
                Paginations.create(
                                "soap",
                                "cursor",
                                templated(null, "/Envelope/Body/R/NextPageToken", null))
                        .begin();
        var more =
                new ObjectMapper()
                        .readTree("{\"Envelope\":{\"Body\":{\"R\":{\"NextPageToken\":\"t-2\"}}}}");

        assertEquals(null, pager.pageToken(), "none on the first page");
        assertTrue(pager.advance(new PageResponse(more, Map.of(), 10)));
        PageRequest second = new PageRequest();
        pager.applyTo(second);
        assertEquals("t-2", pager.pageToken());
        assertEquals(Map.of(), second.query());
        assertEquals("page 2", pager.position());
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
