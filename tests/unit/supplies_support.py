"""Fixtures for the supply-ledger tests: a storekeeper, a leader, depots and items."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.accounts import Actor
from app.services.supplies import catalogue
from app.storage.engine import Database
from tests.conftest import make_account


@dataclass
class Ledger:
    db: Database
    keeper: Actor
    leader: Actor


def setup_ledger(db: Database, admin: Actor) -> Ledger:
    keeper = make_account(db, admin, "zhaomin", "storekeeper", name="赵敏")
    leader = make_account(db, admin, "lijun", "leader", name="李军")
    catalogue.add_depot(db, keeper, "XJK", "县救灾物资储备库")
    catalogue.add_depot(db, keeper, "WY", "五印乡储备点", township="五印乡")
    catalogue.add_item(db, keeper, "CSJ-01", "抽水机", "台", spec="3 寸汽油抽水机", gb="3010101")
    catalogue.add_item(db, keeper, "MB-01", "棉被", "床", spec="2.0×2.3 m", gb="1010101", tracking="lot")
    catalogue.add_item(db, keeper, "KSM-01", "方便面", "箱", tracking="lot", expiry=True)
    catalogue.add_item(db, keeper, "WXDH-01", "卫星电话", "部", spec="天通一号", gb="2010101", tracking="serial")
    return Ledger(db, keeper, leader)
