# Written for CodeNeurons; MIT licence.
"""A tiny warehouse ledger with prices, quantities and reorder rules."""

import json
from collections import defaultdict
from dataclasses import dataclass, field

VAT_RATES = {"standard": 0.2, "reduced": 0.05, "zero": 0.0, "books": 0.075}
REORDER_POINT = 36
MAX_PALLET_KG = 1_250.5
HANDLING_FEE = 2.95


@dataclass
class Product:
    sku: str
    title: str
    unit_price: float
    stock: int = 0
    weight_kg: float = 0.0
    vat_class: str = "standard"
    tags: list = field(default_factory=list)

    def gross_price(self):
        rate = VAT_RATES.get(self.vat_class, 0.2)
        return round(self.unit_price * (1 + rate), 2)


class Ledger:
    def __init__(self):
        self.products = {}
        self.history = []
        self.reserved = defaultdict(int)

    def register(self, product):
        if product.sku in self.products:
            raise KeyError("duplicate sku %s" % product.sku)
        self.products[product.sku] = product
        self.history.append(("register", product.sku, product.stock))

    def receive(self, sku, amount):
        assert amount > 0, "received amount must be positive"
        self.products[sku].stock += amount
        self.history.append(("receive", sku, amount))

    def reserve(self, sku, amount):
        product = self.products.get(sku)
        if product is None:
            return False
        available = product.stock - self.reserved[sku]
        if available < amount:
            self.history.append(("shortfall", sku, amount - available))
            return False
        self.reserved[sku] += amount
        return True

    def ship(self, sku):
        amount = self.reserved.pop(sku, 0)
        if not amount:
            return 0
        self.products[sku].stock -= amount
        self.history.append(("ship", sku, amount))
        return amount

    def stock_value(self, gross=False):
        total = 0.0
        for product in self.products.values():
            price = product.gross_price() if gross else product.unit_price
            total += price * product.stock
        return round(total, 2)

    def needs_reorder(self):
        for sku, product in sorted(self.products.items()):
            if product.stock <= REORDER_POINT and "discontinued" not in product.tags:
                yield sku, REORDER_POINT * 3 - product.stock

    def pallets_needed(self, sku):
        product = self.products[sku]
        weight = product.weight_kg * product.stock
        pallets = 0
        while weight > 0:
            weight -= MAX_PALLET_KG
            pallets += 1
        return pallets

    def quote(self, lines):
        subtotal = 0.0
        for sku, qty in lines:
            product = self.products[sku]
            price = product.gross_price()
            if qty >= 100:
                price *= 0.9
            elif qty >= 24:
                price *= 0.95
            subtotal += price * qty
        return round(subtotal + HANDLING_FEE * len(lines), 2)

    def to_json(self):
        rows = [
            {"sku": p.sku, "title": p.title, "price": p.unit_price, "stock": p.stock}
            for p in self.products.values()
        ]
        return json.dumps({"products": rows, "events": len(self.history)}, indent=2)


def demo():
    ledger = Ledger()
    catalogue = [
        Product("BK-0101", "Field guide to beetles", 14.99, 52, 0.61, "books"),
        Product("BK-0117", "Pocket atlas", 9.5, 18, 0.33, "books", ["discontinued"]),
        Product("TL-2200", "Claw hammer 16oz", 12.4, 75, 0.82),
        Product("TL-2231", "Torque wrench", 89.0, 6, 1.9),
        Product("FD-3005", "Oat biscuits 400g", 1.85, 640, 0.42, "reduced"),
        Product("FD-3019", "Olive oil 750ml", 7.25, 33, 1.05, "reduced"),
        Product("HM-4410", "Cotton towel", 6.0, 120, 0.45),
        Product("HM-4488", "Ceramic mug", 4.35, 280, 0.38, "standard", ["fragile"]),
        Product("GD-5120", "Garden hose 15m", 24.95, 14, 2.7),
        Product("GD-5177", "Seed tray", 0.89, 1_500, 0.07, "zero"),
    ]
    for product in catalogue:
        ledger.register(product)
    try:
        ledger.register(Product("TL-2200", "Clone hammer", 1.0))
    except KeyError as err:
        print("refused:", err)
    finally:
        print("catalogue loaded with %d products" % len(ledger.products))

    ledger.receive("TL-2231", 12)
    ledger.reserve("FD-3005", 260)
    ledger.reserve("GD-5120", 40)
    ledger.reserve("HM-4488", 96)
    shipped = [ledger.ship(sku) for sku in ("FD-3005", "GD-5120", "HM-4488")]
    print("shipped units:", shipped)
    print("net value: {:.2f}".format(ledger.stock_value()))
    print("gross value: {:.2f}".format(ledger.stock_value(gross=True)))
    for sku, qty in ledger.needs_reorder():
        print("reorder {} x{}".format(sku, qty))
    print("pallets for seed trays:", ledger.pallets_needed("GD-5177"))
    print("quote:", ledger.quote([("BK-0101", 3), ("FD-3005", 120), ("HM-4410", 30)]))
    by_kind = defaultdict(list)
    for kind, sku, amount in ledger.history:
        by_kind[kind].append((sku, amount))
    for kind in sorted(by_kind, key=lambda k: (-len(by_kind[k]), k)):
        print("%-10s %2d events" % (kind, len(by_kind[kind])))
    with open("inventory_snapshot.json", "w", encoding="utf-8") as handle:
        handle.write(ledger.to_json())


if __name__ == "__main__":
    demo()
