"""Local resources modelled on Open Referral HSDS: a Kokoron plugin."""
