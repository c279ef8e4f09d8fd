import json
import subprocess
import sys

LINES = [
    {"id": "1", "text": "Jangan lupa coblos nomor 2 ya! ✌️", "interaction": "comment"},
    "this is not json",
    {"id": "3", "text": 42},
    {"id": "4", "text": "Pengingat: ASN wajib netral pada Pemilu 2024.", "interaction": "post"},
    {"id": "5", "text": "hello", "interaction": "retweet"},
    {"id": "6", "text": "Kue buatan ibu enak sekali"},
    ["a", "list"],
]


def run(lines, *args):
    data = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    p = subprocess.run([sys.executable, "-m", "netral.detect", "classify", *args], input=data.encode(),
                       capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    return [json.loads(x) for x in p.stdout.decode().splitlines()]


def test_it_answers_every_line_in_order():
    out = run(LINES)
    assert len(out) == len(LINES)
    assert [o.get("id") for o in out] == ["1", None, "3", "4", "5", "6", None]
    keys = {"id", "political", "partisan", "hate", "hoax", "scores", "targets", "skb_item", "evidence"}
    added = {"calibrated", "uncertainty", "uncertain"}  # 1.1: fields are added, never renamed
    for i in (0, 3, 5):
        assert set(out[i]) == keys | added
        assert isinstance(out[i]["uncertain"], bool) and 0.0 <= out[i]["uncertainty"] <= 1.0
    assert out[0]["partisan"] and out[0]["targets"] == ["capres-02"]
    assert out[0]["skb_item"] == "post_comment_share_like"
    assert not out[3]["partisan"]


def test_bad_lines_get_an_error_in_indonesian():
    out = run(LINES)
    for i in (1, 2, 4, 6):
        assert set(out[i]) == {"id", "error"}
    assert "JSON" in out[1]["error"]
    assert "text" in out[2]["error"]
    assert "interaction" in out[4]["error"]


def test_it_reads_a_contestants_csv(tmp_path):
    f = tmp_path / "paslon.csv"
    f.write_text("key,election,number,name,aliases,parties,hashtags,slogans\n"
                 "pilkada-x-2,Pilkada Kota X,2,Yohanes Wenda – Abdul Karim,YOKA;Pak Yohanes,,#YOKA2,Bangun Kampung\n",
                 encoding="utf-8")
    out = run([{"id": "a", "text": "Mari dukung Pak Yohanes, coblos nomor 2!"}], "--contestants", str(f))
    assert out[0]["partisan"] and out[0]["targets"] == ["pilkada-x-2"]
