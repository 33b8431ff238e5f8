#!/usr/bin/python3
"""Writes the seed corpus of the libFuzzer targets into tests/fuzz/corpus/<target>/.

A few tiny files per reader, valid and broken, so each fuzzer starts from inputs that reach
past the first check. Standard library only; the output is deterministic (gzip mtime 0), so
running it again changes nothing in git. Usage: /usr/bin/python3 tests/fuzz/make_corpus.py
"""
import gzip
import json
import pathlib
import shutil
import struct
import zlib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = HERE / "corpus"


def write(target, name, data):
    path = CORPUS / target / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def gz(data):
    return gzip.compress(data, mtime=0)


def idx_corpus():
    # IDX: big-endian magic 0x00000803 (uint8, 3 dims) or 0x00000801 (1 dim), dims, data.
    pixels = bytes(range(0, 18 * 14, 14))  # 2 images of 3x3
    images = struct.pack(">IIII", 0x803, 2, 3, 3) + pixels
    labels = struct.pack(">II", 0x801, 2) + bytes([3, 7])
    write("fuzz_idx", "images_2x3x3.idx", images)
    write("fuzz_idx", "images_2x3x3.idx.gz", gz(images))
    write("fuzz_idx", "labels_2.idx", labels)
    write("fuzz_idx", "labels_2.idx.gz", gz(labels))
    write("fuzz_idx", "truncated_images.idx", images[:-9])
    write("fuzz_idx", "trailing_bytes.idx", images + b"\0")
    write("fuzz_idx", "zero_count.idx", struct.pack(">IIII", 0x803, 0, 3, 3))
    write("fuzz_idx", "absurd_count.idx.gz", gz(struct.pack(">IIII", 0x803, 0xFFFFFFFF, 28, 28)))
    write("fuzz_idx", "gzip_without_trailer.idx.gz", gz(images)[:-8])


def section(name, data):
    name = name.encode()
    return struct.pack("<I", len(name)) + name + struct.pack("<Q", len(data)) + data


def checkpoint(payload, version=1, size=None, crc=None):
    # "GANSCOPE" | u32 version | u64 payload bytes | u32 CRC-32 of the payload | payload
    size = len(payload) if size is None else size
    crc = zlib.crc32(payload) if crc is None else crc
    return b"GANSCOPE" + struct.pack("<IQI", version, size, crc) + payload


def checkpoint_corpus():
    config = {"data": "ring8", "batch": 4, "latent_dim": 2,
              "generator": [{"type": "linear", "units": 2}],
              "discriminator": [{"type": "linear", "units": 1}]}
    floats = lambda *v: struct.pack("<%df" % len(v), *v)
    good = (section("config", json.dumps(config, separators=(",", ":")).encode())
            + section("state", b"2 2 2")
            + section("G", floats(0.5, -0.25, 1.0, 0.0, 0.125, 2.0))
            + section("D", floats(0.1, 0.2, 0.3))
            + section("data_shape", b"0 0")
            + section("fixed_latents", floats(1.0, -1.0)))
    write("fuzz_checkpoint", "valid.ckpt", checkpoint(good))
    write("fuzz_checkpoint", "empty_payload.ckpt", checkpoint(b""))
    write("fuzz_checkpoint", "bad_crc.ckpt", checkpoint(good, crc=zlib.crc32(good) ^ 1))
    write("fuzz_checkpoint", "wrong_version.ckpt", checkpoint(good, version=2))
    write("fuzz_checkpoint", "truncated.ckpt", checkpoint(good)[:-3])
    write("fuzz_checkpoint", "partial_float.ckpt", checkpoint(section("G", b"\0\0\x80?\1")))
    overrun = struct.pack("<I", 1) + b"G" + struct.pack("<Q", 1 << 40) + b"\0" * 8
    write("fuzz_checkpoint", "section_overruns.ckpt", checkpoint(overrun))
    write("fuzz_checkpoint", "bad_name_length.ckpt", checkpoint(struct.pack("<I", 0xFFFFFFFF)))


def config_corpus():
    for preset in sorted((ROOT / "assets" / "presets").glob("*.json")):
        shutil.copyfile(preset, CORPUS / "fuzz_config" / preset.name)
    minimal = {"generator": [{"type": "linear", "units": 2}],
               "discriminator": [{"type": "linear", "units": 1}]}
    write("fuzz_config", "minimal.json", json.dumps(minimal))
    every_key = dict(minimal, description="all keys", data="ring8", batch=8, latent_dim=3,
                     optimizer="sgd", lr_d=1e-9, lr_g=1, beta1=0.9999, beta2=0.99999, d_steps=100,
                     loss="minimax", seed=9007199254740992, grid=1024)
    every_key["generator"] = [{"type": "linear", "units": 8}, {"type": "leaky_relu", "slope": 0},
                              {"type": "tanh"}, {"type": "sigmoid"}, {"type": "relu"},
                              {"type": "linear", "units": 2}]
    write("fuzz_config", "every_key.json", json.dumps(every_key))
    broken = {
        "not_json.json": '{"batch": 64,',
        "not_an_object.json": "[1, 2, 3]",
        "unknown_key.json": json.dumps(dict(minimal, batchsize=64)),
        "negative_lr.json": json.dumps(dict(minimal, lr_d=-0.001)),
        "batch_zero.json": json.dumps(dict(minimal, batch=0)),
        "huge_layer.json": json.dumps(dict(minimal, generator=[{"type": "linear",
                                                                  "units": 10**9}])),
        "wrong_types.json": json.dumps(dict(minimal, batch="64", seed=1.5, loss=3)),
        "bad_layer.json": json.dumps(dict(minimal, discriminator=[{"type": "conv"}, 7])),
        "no_generator.json": json.dumps({"discriminator": minimal["discriminator"]}),
    }
    for name, text in broken.items():
        write("fuzz_config", name, text)


def csv_corpus():
    files = {
        "header.csv": "x,y\n1,2\n-3.5,4e-2\n",
        "no_header.csv": "0.25,-0.5\n1E3,+2\n",
        "crlf_comments.csv": "# exported\r\n\r\n x , y \r\n 1 ,\t2 \r\n\r\n# end\r\n3,4\r\n",
        "bom.csv": "\ufeffx,y\n5,6",
        "nan.csv": "x,y\n1,2\nnan,1\n",
        "inf.csv": "1,-inf\n",
        "missing_column.csv": "x,y\n1,2\n3\n",
        "extra_column.csv": "1,2,3\n",
        "absurd.csv": "1,2\n2e6,0\n1e400,1\n",
        "text.csv": "x,y\n1,abc\n",
        "header_only.csv": "x,y\n",
    }
    for name, text in files.items():
        write("fuzz_points_csv", name, text)


def run_files_corpus():
    # The first byte picks the reader: odd ("1") control.json's orders, even ("0") metrics.csv.
    orders = {
        "orders.json": '{"seq": 3, "settings": {"lr_d": 1e-4, "objective": "hinge"}, "paused": true, "save": 2}',
        "refresh.json": '{"seq": 1, "refresh": 10}',
        "bad_refresh.json": '{"refresh": 0.5}',
        "unknown_key.json": '{"sequence": 1}',
        "not_object.json": "[1, 2]",
    }
    for name, text in orders.items():
        write("fuzz_run_files", name, "1" + text)
    header = ("step,loss_d,loss_g,d_real,d_fake,grad_norm_d,grad_norm_g,lr_d,lr_g,seconds,"
              "modes_captured,high_quality,reverse_kl,kl,js,wasserstein,penalty,precision,recall,r_t,"
              "d_seen,d_heldout,alarm,fcd,fcd_low,fcd_high,classes,change\n")
    rows = ("1,0.69,0.7,0.5,0.5,1,1,0.0002,0.0002,0.01,,,,,,,,,,0.5,,,,,,,,\n"
            "100,0.6,0.8,0.6,0.4,2,3,0.0001,0.0002,1.5,7,93.5,0.01,0.2,0.1,,,0.7,0.6,0.4,,,diverging,,,,,"
            "lr_d 0.0002 -> 0.0001; ema_beta 0 -> 0.999\n"
            "200,0.5,0.9,0.7,0.3,2,3,0.0001,0.0002,3,,,,,,,,0.6,0.5,0.3,0.7,0.6,,12.5,11,14,9.5,\n")
    write("fuzz_run_files", "metrics.csv", "0" + header + rows)
    write("fuzz_run_files", "older_columns.csv", "0step,loss_d,loss_g\n1,0.5,0.6\n2,0.4,0.7\n")
    write("fuzz_run_files", "out_of_order.csv", "0" + header + rows + rows)
    write("fuzz_run_files", "half_row.csv", "0" + header + rows[:40])


def main():
    for target in ("fuzz_idx", "fuzz_checkpoint", "fuzz_config", "fuzz_points_csv", "fuzz_run_files"):
        shutil.rmtree(CORPUS / target, ignore_errors=True)
        (CORPUS / target).mkdir(parents=True)
    idx_corpus()
    checkpoint_corpus()
    config_corpus()
    csv_corpus()
    run_files_corpus()


if __name__ == "__main__":
    main()
