package io.tributary.sink;

import io.airlift.compress.snappy.SnappyCompressor;
import java.io.IOException;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet's usual Snappy, in pure Java (aircompressor). parquet-java's own codec factory loads
 * Hadoop's codec classes for every codec but none; this one needs no Hadoop and no native library.
 * Write-only: the sink never reads its files.
 */
final class ParquetSnappy implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            private final SnappyCompressor snappy = new SnappyCompressor();
            private byte[] buffer = new byte[0]; // one per file: a page at a time

            @Override
            @SuppressWarnings("deprecation") // toByteArray: the page is one array already
            public BytesInput compress(BytesInput page) throws IOException {
                byte[] in = page.toByteArray();
                int most = snappy.maxCompressedLength(in.length);
                if (buffer.length < most) {
                    buffer = new byte[most];
                }
                int length = snappy.compress(in, 0, in.length, buffer, 0, buffer.length);
                return BytesInput.from(Arrays.copyOf(buffer, length));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return CompressionCodecName.SNAPPY;
            }

            @Override
            public void release() {
                buffer = new byte[0];
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the parquet sink writes files, never reads them");
    }

    @Override
    public void release() {}
}
