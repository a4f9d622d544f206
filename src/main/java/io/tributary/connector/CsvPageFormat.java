package io.tributary.connector;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an RFC 4180 CSV file (header first) into one page: a List of rows, each a List of text, the
 * header the first, which is what {@link PageSinkStep} takes as CSV rows. Bound as {@code
 * tributaryCsv}:
 *
 * <pre>
 * - unmarshal:
 *     custom: {ref: tributaryCsv}
 * </pre>
 *
 * The file is read whole into memory (a page is a file), in the exchange's charset (default UTF-8).
 */
public final class CsvPageFormat extends ServiceSupport implements DataFormat, DataFormatName {
    public static final String BEAN = "tributaryCsv";
    private char delimiter = ',';

    @Override
    public String getDataFormatName() {
        return "tributary-csv";
    }

    /** The field separator, e.g. {@code ;} for European spreadsheet exports. */
    public void setDelimiter(String delimiter) {
        if (delimiter == null || delimiter.length() != 1) {
            throw new IllegalArgumentException("delimiter must be one character");
        }
        this.delimiter = delimiter.charAt(0);
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        String charset = exchange.getProperty(Exchange.CHARSET_NAME, String.class);
        List<List<String>> rows = new ArrayList<>();
        try (Reader reader =
                        new InputStreamReader(
                                stream,
                                charset == null
                                        ? java.nio.charset.StandardCharsets.UTF_8
                                        : Charset.forName(charset));
                CSVParser parser =
                        CSVFormat.RFC4180
                                .builder()
                                .setDelimiter(delimiter)
                                .setIgnoreEmptyLines(true)
                                .get()
                                .parse(reader)) {
            for (CSVRecord record : parser) {
                rows.add(record.toList());
            }
        }
        return rows;
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) {
        throw new UnsupportedOperationException(
                "tributaryCsv only reads; the csv file sink writes CSV");
    }
}
