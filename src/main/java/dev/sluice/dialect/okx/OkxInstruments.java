package dev.sluice.dialect.okx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.bus.Instrument;
import dev.sluice.dialect.Json;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The instruments an OKX service knows, and the REST answer to {@code GET /api/v5/public/instruments} that clients
 * such as ccxt load before they subscribe.
 */
final class OkxInstruments {

    private OkxInstruments() {
    }

    /** OKX instrument type from the instrument id: {@code BTC-USDT-SWAP} is SWAP, {@code BTC-USDT} is SPOT. */
    static String instType(Instrument instrument) {
        return instrument.symbol().endsWith("-SWAP") ? "SWAP" : "SPOT";
    }

    /** The REST body for one {@code instType} (and optional {@code instId}); OKX envelope, code "0". */
    static String restBody(Collection<Instrument> instruments, Map<String, List<String>> query) {
        String type = first(query, "instType");
        String instId = first(query, "instId");
        ObjectNode body = Json.object();
        if (type == null) {
            body.put("code", "50014").put("msg", "Parameter instType can not be empty").putArray("data");
            return Json.write(body);
        }
        body.put("code", "0").put("msg", "");
        ArrayNode data = body.putArray("data");
        for (Instrument instrument : instruments) {
            if (instType(instrument).equals(type) && (instId == null || instId.equals(instrument.symbol()))) {
                data.add(describe(instrument));
            }
        }
        return Json.write(body);
    }

    private static ObjectNode describe(Instrument i) {
        boolean swap = "SWAP".equals(instType(i));
        ObjectNode node = Json.object();
        node.put("instType", instType(i))
            .put("instId", i.symbol())
            .put("uly", swap ? i.base() + "-" + i.quote() : "")
            .put("instFamily", swap ? i.base() + "-" + i.quote() : "")
            .put("baseCcy", swap ? "" : i.base())
            .put("quoteCcy", swap ? "" : i.quote())
            .put("settleCcy", swap ? i.quote() : "")
            .put("ctValCcy", swap ? i.base() : "")
            .put("ctVal", swap ? "0.01" : "")
            .put("ctMult", swap ? "1" : "")
            .put("ctType", swap ? "linear" : "")
            .put("optType", "")
            .put("stk", "")
            .put("listTime", "1548133413000")
            .put("expTime", "")
            .put("lever", swap ? "100" : "10")
            .put("tickSz", i.tickSize().toPlainString())
            .put("lotSz", i.lotSize().toPlainString())
            .put("minSz", i.minSize().toPlainString())
            .put("alias", "")
            .put("state", "live")
            .put("ruleType", "normal")
            .put("maxLmtSz", "9999999999")
            .put("maxMktSz", "1000000")
            .put("maxLmtAmt", "20000000")
            .put("maxMktAmt", "1000000")
            .put("maxTwapSz", "9999999999")
            .put("maxIcebergSz", "9999999999")
            .put("maxTriggerSz", "9999999999")
            .put("maxStopSz", "1000000");
        return node;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
