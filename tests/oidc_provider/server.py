"""The test provider's entry point: ``python server.py PORT DATA_DIR KEY`` prepares a fresh
SQLite database (tables, an RSA signing key, Probity's clients) and serves on 127.0.0.1:PORT.

Started by the ``oidc_provider`` fixture (``tests/oidc_provider/fixture.py``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLIENT_SECRET = "probity-test-secret"
CLIENT_IDS = ("probity", "probity-expired", "probity-tampered")


def setup() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from oidc_provider.models import Client, ResponseType, RSAKey

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    RSAKey.objects.create(key=pem.decode())
    code = ResponseType.objects.get(value="code")
    for client_id in CLIENT_IDS:
        client = Client.objects.create(
            name=client_id,
            client_type="confidential",
            client_id=client_id,
            client_secret=CLIENT_SECRET,
            jwt_alg="RS256",
            require_consent=False,
            reuse_consent=True,
        )
        client.response_types.add(code)


def main() -> None:
    port, data_dir, key = sys.argv[1:4]
    sys.path.insert(0, str(HERE))
    os.environ.update(
        {
            "IDP_PORT": port,
            "IDP_DATA_DIR": data_dir,
            "IDP_KEY": key,
            "DJANGO_SETTINGS_MODULE": "idp.settings",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    setup()
    call_command(
        "runserver",
        f"127.0.0.1:{port}",
        use_reloader=False,
        use_threading=True,
        skip_checks=True,
    )


if __name__ == "__main__":
    main()
