package dev.sluice.dialect.okx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.bus.Instrument;
import dev.sluice.dialect.Json;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * REST {@code GET /api/v5/asset/currencies}: one chain per currency of the service's instruments, in OKX's fields.
 * OKX serves it to signed requests only; ccxt calls it from {@code loadMarkets()} whenever it has credentials, so a
 * private client cannot start without it. Sluice answers it without checking the request's signature: it carries
 * nothing of an account's.
 */
final class OkxCurrencies {

    static final String PATH = "/api/v5/asset/currencies";

    private OkxCurrencies() {
    }

    static String restBody(Collection<Instrument> instruments) {
        Set<String> currencies = new LinkedHashSet<>();
        for (Instrument instrument : instruments) {
            currencies.add(instrument.base());
            currencies.add(instrument.quote());
        }
        ObjectNode body = Json.object().put("code", "0").put("msg", "");
        ArrayNode data = body.putArray("data");
        for (String ccy : currencies) {
            data.addObject().put("ccy", ccy).put("name", ccy).put("chain", ccy + "-" + ccy).put("mainNet", true)
                .put("canDep", true).put("canWd", true).put("canInternal", true).put("minDep", "0.00000001")
                .put("minWd", "0.0001").put("maxWd", "1000000").put("wdTickSz", "8").put("minFee", "0")
                .put("maxFee", "0").put("fee", "0").put("logoLink", "");
        }
        return Json.write(body);
    }
}
