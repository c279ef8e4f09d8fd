import pytest

from netral.cases.suggest import OPTIONS, SKB_ITEMS, suggest

# DOMAIN.md, "Prohibited acts (the SKB list)": discipline tier for PNS per item
DISCIPLINE = {"banner": "berat", "socmed_campaign": "berat", "party_approach": "sedang", "attend_campaign": "berat",
              "party_membership": "dismissal", "post_comment_share_like": "berat", "photo_with_candidate": "berat",
              "partisan_activity": "berat", "campaign_team_before": "sedang", "campaign_team_after": "berat",
              "independent_support": "berat", "biased_decision": "berat", "spouse_campaign": ""}
ETHICS = {"banner", "socmed_campaign", "attend_campaign", "post_comment_share_like", "photo_with_candidate",
          "spouse_campaign"}


def test_it_covers_every_skb_item_of_the_domain_table():
    assert set(SKB_ITEMS) == set(DISCIPLINE)
    assert {k for k, v in SKB_ITEMS.items() if v["ethics"]} == ETHICS


@pytest.mark.parametrize("etype", ["pns", "pppk", "ppnpn"])
@pytest.mark.parametrize("item", sorted(DISCIPLINE))
@pytest.mark.parametrize("phase", ["before", "after"])
@pytest.mark.parametrize("regime", ["ethics", "discipline"])
def test_it_suggests_for_each_type_item_phase_and_regime(etype, item, phase, regime):
    s = suggest(etype, item, phase, regime)
    assert s.articles and s.options and s.articles[0].startswith("SKB")
    assert (s.forward_to == "bawaslu") == (phase == "after")
    if item == "party_membership":
        assert s.tier == "dismissal"
        assert s.options == OPTIONS[{"pns": "dismissal_pns", "pppk": "dismissal_pppk", "ppnpn": "dismissal_ppnpn"}[
            etype]]
        assert any("52" in a for a in s.articles) or etype == "ppnpn"
        return
    if etype == "ppnpn":
        assert s.regime == "contract" and s.tier == "contract"
        assert any("SE MenPANRB 01/2023" in a for a in s.articles)
        heavy = DISCIPLINE[item] == "berat" or (item == "campaign_team_before" and phase == "after")
        assert s.options == OPTIONS["contract_heavy" if heavy else "contract_light"]
        return
    if regime == "ethics":
        assert s.tier == "moral" and s.options == OPTIONS["moral"]
        assert any("PP 42/2004 Pasal 15" in a for a in s.articles)
        assert any("tidak ada dalam daftar pelanggaran kode etik" in str(n) for n in s.notes) == (item not in ETHICS)
        return
    expected = DISCIPLINE[item] or "ringan"
    if item == "campaign_team_before" and phase == "after":
        expected = "berat"
    assert s.tier == expected and s.regime == "discipline"
    assert any(a.startswith("PP 94/2021 Pasal 5 huruf n") for a in s.articles)
    if etype == "pppk":
        assert any("PP 49/2018" in a for a in s.articles)
        if expected == "berat":
            assert s.options == OPTIONS["berat_pppk"]
    elif expected == "berat":
        assert len(s.options) == 3 and "12 bulan" in str(s.options[0])
    if expected == "sedang":
        assert all("25%" in str(o) for o in s.options)


def test_it_refuses_unknown_inputs():
    for args in (("pns", "nope", "before", "ethics"), ("tni", "banner", "before", "ethics"),
                 ("pns", "banner", "during", "ethics"), ("pns", "banner", "before", "pidana")):
        with pytest.raises(ValueError):
            suggest(*args)
