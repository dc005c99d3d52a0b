"""Small roster fixtures shared by the roster tests."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.accounts import Actor
from app.services.rosters import people, units
from app.storage.engine import Database


@dataclass
class Small:
    team: str
    post: str
    squad1: str
    squad2: str
    leader: str
    members: list[str]


def small_roster(db: Database, admin: Actor) -> Small:
    team, _ = units.create_unit(db, admin, units.UnitInput("森林消防专业扑火队", level="team", type="professional",
                                                           planned=40))
    post, _ = units.create_unit(db, admin, units.UnitInput("五印乡驻防点", level="post", type="professional",
                                                           parent=team, township="五印乡", planned=20))
    s1, _ = units.create_unit(db, admin, units.UnitInput("五印一班", level="squad", type="professional", parent=post,
                                                         township="五印乡", planned=10))
    s2, _ = units.create_unit(db, admin, units.UnitInput("五印二班", level="squad", type="professional", parent=post,
                                                         township="五印乡", planned=10))
    leader, _ = people.add_person(db, admin, people.PersonInput("罗正华", unit=s1, role="squad_leader",
                                                                phones=["13908725001", "0872-6125001"]))
    members = [leader]
    for n, name in enumerate(("李志强", "杨文忠", "字学军"), start=2):
        pid, _ = people.add_person(db, admin, people.PersonInput(name, unit=s1 if n < 4 else s2,
                                                                 phones=[f"1390872500{n}"]))
        members.append(pid)
    units.edit_unit(db, admin, s1, {"leader": leader})
    return Small(team, post, s1, s2, leader, members)
